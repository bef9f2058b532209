"""Admin for prize tables (editable data) and for sessions, decisions and certificates (read-only records)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from core.errors import Refusal
from documents.signing.keys import as_certificate
from nominations.models import (
    BaseSalary,
    BlankForm,
    Broadcast,
    Certificate,
    CouncilSession,
    CouncilVote,
    Decision,
    DocumentRegister,
    KeyStore,
    LegalBasis,
    PrizeCoefficient,
    SigningKey,
    StoredDocument,
    TrustRoot,
    YearlyCounter,
)
from nominations.signing_keys import register_key, register_trust_root, remote_services


@admin.register(BaseSalary)
class BaseSalaryAdmin(SimpleHistoryAdmin):
    list_display = ["effective_from", "amount", "legal_source"]
    ordering = ["-effective_from"]


@admin.register(PrizeCoefficient)
class PrizeCoefficientAdmin(SimpleHistoryAdmin):
    list_display = ["award_kind", "nominee_kind", "coefficient", "legal_source", "is_unverified_default"]
    list_filter = ["award_kind", "nominee_kind", "is_unverified_default"]


class CouncilVoteInline(admin.TabularInline):
    model = CouncilVote
    extra = 0
    fields = ["nominee", "member", "choice", "in_writing", "ballot", "cast_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnlyAdmin):
    list_display = ["title", "held_on", "status", "organization"]
    list_filter = ["status", "organization"]
    inlines = [CouncilVoteInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "status", "signed_on", "signed_by", "organization"]
    list_filter = ["kind", "status", "organization", "year"]
    search_fields = ["number_text", "summary"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["register_number", "recipient", "award_kind", "decision", "prize_amount", "status"]
    list_filter = ["status", "award_kind", "register_year"]
    search_fields = ["recipient", "verification_code"]
    exclude = ["verification_code"]


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ["decision", "air_on", "status", "aired_by"]
    list_filter = ["status"]


@admin.register(YearlyCounter)
class YearlyCounterAdmin(ReadOnlyAdmin):
    list_display = ["organization", "year", "kind", "last"]


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyAdmin):
    """The documents as signed or issued: shown with their hashes, never changed."""

    list_display = ["id", "kind", "decision", "certificate", "council_session", "pdf_sha256", "created_at"]
    list_filter = ["kind"]
    search_fields = ["pdf_sha256", "docx_sha256"]
    exclude = ["pdf", "docx"]
    readonly_fields = ["kind", "pdf_sha256", "docx_sha256", "template_version", "renderer_version", "data"]


@admin.register(DocumentRegister)
class DocumentRegisterAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "kind", "mode", "symbol"]
    list_filter = ["kind", "mode"]


@admin.register(LegalBasis)
class LegalBasisAdmin(SimpleHistoryAdmin):
    list_display = ["name", "issued_on", "in_force_from", "in_force_to", "organization", "is_unverified"]
    list_filter = ["is_unverified"]


@admin.register(BlankForm)
class BlankFormAdmin(SimpleHistoryAdmin):
    """Positions in millimetres; print the calibration page of a decision to check them against the paper."""

    list_display = ["organization", "award_kind", "page_width_mm", "page_height_mm"]
    list_filter = ["organization"]


class SigningKeyForm(forms.ModelForm):
    """Registering a key: the file and its password go in once, sealed; nobody reads them back here."""

    pkcs12_file = forms.FileField(label="Tệp PKCS#12 (.p12/.pfx)", required=False)
    secret = forms.CharField(
        label="Mật khẩu tệp / mã PIN thiết bị", required=False, widget=forms.PasswordInput(render_value=False)
    )
    image_file = forms.ImageField(label="Ảnh chữ ký hoặc con dấu (PNG nền trong)", required=False)

    class Meta:
        model = SigningKey
        fields = ["organization", "user", "store", "token_label", "key_label", "service", "account"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # only the adapters the operator configured can be chosen
        self.fields["service"] = forms.ChoiceField(
            label="Dịch vụ ký số từ xa",
            required=False,
            choices=[("", "—"), *((name, name) for name in remote_services())],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        upload = data.get("pkcs12_file")
        image = data.get("image_file")
        if data.get("store") == KeyStore.PKCS12 and not upload:
            raise forms.ValidationError("Cần tải lên tệp PKCS#12 của khóa.")
        if data.get("store") == KeyStore.PKCS11 and not (data.get("token_label") and data.get("key_label")):
            raise forms.ValidationError("Cần nhãn thiết bị và nhãn khóa trên thiết bị.")
        if data.get("store") == KeyStore.REMOTE and not (data.get("service") and data.get("account")):
            raise forms.ValidationError("Cần chọn dịch vụ ký số từ xa và nhập tài khoản của người ký tại dịch vụ đó.")
        try:
            self.registered = register_key(
                organization=data["organization"],
                user=data.get("user"),
                store=data["store"],
                pkcs12=upload.read() if upload else None,
                secret=data.get("secret") or "",
                token_label=data.get("token_label") or "",
                key_label=data.get("key_label") or "",
                service=data.get("service") or "",
                account=data.get("account") or "",
                image_png=image.read() if image else None,
            )
        except Refusal as exc:
            raise forms.ValidationError(exc.message) from None
        return data


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    """Keys are registered, replaced (a new one retires the old) and retired; never edited or read back."""

    form = SigningKeyForm
    list_display = ["__str__", "organization", "user", "store", "certificate_subject", "valid_until", "active"]
    list_filter = ["organization", "store", "active"]
    readonly_fields = ["certificate_subject", "certificate_sha256", "valid_until", "created_at"]
    actions = ["retire"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        # register_key kept it, sealed, while the form was checked
        return form.registered

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None

    @admin.action(description="Ngừng dùng các khóa đã chọn")
    def retire(self, request: HttpRequest, queryset: Any) -> None:
        queryset.update(active=False)


class TrustRootForm(forms.ModelForm):
    certificate_file = forms.FileField(label="Chứng thư gốc (PEM hoặc DER)")

    class Meta:
        model = TrustRoot
        fields = ["name", "note"]

    def clean_certificate_file(self) -> bytes:
        data = self.cleaned_data["certificate_file"].read()
        try:
            as_certificate(data).native  # noqa: B018 - parsing is the check
        except Exception:
            raise forms.ValidationError("Tệp không phải chứng thư X.509 (PEM hoặc DER).") from None
        return data


@admin.register(TrustRoot)
class TrustRootAdmin(admin.ModelAdmin):
    form = TrustRootForm
    list_display = ["name", "certificate_sha256", "note", "created_at"]
    readonly_fields = ["certificate_sha256", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Any:
        return register_trust_root(
            name=form.cleaned_data["name"],
            certificate=form.cleaned_data["certificate_file"],
            note=form.cleaned_data.get("note") or "",
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None
