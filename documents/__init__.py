"""Official documents (Nghị định 30/2020/NĐ-CP) rendered as PDF, DOCX and text.

Every renderer is a pure function over frozen dataclasses so that the domain apps decide
what goes on paper and this package only decides how it looks.
"""

# Stored with every signed document; raise it when a renderer's output changes for the same data and template.
RENDERER_VERSION = "1.1"
