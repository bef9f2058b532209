/* Small enhancements; every page works without them. */
(function () {
  "use strict";

  // The language picker applies at once; its button stays for browsers without scripts.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var form = select.form;
    var button = form.querySelector(".lang-submit");
    if (button) { button.hidden = true; }
    select.addEventListener("change", function () { form.submit(); });
  });

  // A refusal re-renders the page: bring its message into view, for phones especially.
  var refusal = document.getElementById("refusal");
  if (refusal) {
    refusal.setAttribute("tabindex", "-1");
    refusal.scrollIntoView({ block: "center" });
    refusal.focus({ preventScroll: true });
  }

  // An action that cannot be undone asks once more, naming what follows (data-confirm on the
  // form or on the button that submits it); without scripts the server-side refusal rules apply.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (message && !window.confirm(message)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
  });

  // "Select all" on the queue.
  document.querySelectorAll("input[data-select-all]").forEach(function (master) {
    var name = master.getAttribute("data-select-all");
    master.addEventListener("change", function () {
      master.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
        box.checked = master.checked;
      });
    });
  });

  // The score grid: Enter and the up and down arrows move along a column, a value typed in a column's
  // heading fills the column, Ctrl+S saves; the save comes back to the cell that was being filled.
  document.querySelectorAll("table[data-score-grid]").forEach(function (grid) {
    var form = grid.closest("form");
    var place = form && form.querySelector("[data-score-place]");
    var last = null;

    function sameColumn(cell, step) {
      var td = cell.closest("td");
      var tr = td && td.parentElement;
      var prefix = cell.id.split("-")[0];
      var column = td.getAttribute("data-column");
      for (var row = step > 0 ? tr.nextElementSibling : tr.previousElementSibling; row;
           row = step > 0 ? row.nextElementSibling : row.previousElementSibling) {
        var target = row.querySelector('td[data-column="' + column + '"] [id^="' + prefix + '-"]');
        if (target) { return target; }
      }
      return null;
    }

    grid.addEventListener("focusin", function (event) {
      if (event.target.hasAttribute("data-grid-cell")) { last = event.target; }
    });

    grid.addEventListener("keydown", function (event) {
      var cell = event.target;
      if (cell.hasAttribute("data-fill-column")) {
        if (event.key === "Enter") {
          event.preventDefault();
          var column = cell.getAttribute("data-fill-column");
          grid.querySelectorAll('tbody td[data-column="' + column + '"] input.points').forEach(function (input) {
            input.value = cell.value;
          });
        }
        return;
      }
      if (!cell.hasAttribute("data-grid-cell")) { return; }
      var isSelect = cell.tagName === "SELECT";
      var step = 0;
      if (event.key === "Enter" || (event.key === "ArrowDown" && !isSelect)) { step = 1; }
      if (event.key === "ArrowUp" && !isSelect) { step = -1; }
      if (step) {
        event.preventDefault();
        var next = sameColumn(cell, step);
        if (next) { next.focus(); if (next.select) { next.select(); } }
      }
    });

    if (form) {
      form.addEventListener("keydown", function (event) {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      form.addEventListener("submit", function () {
        if (place && last) { place.value = last.id; }
      });
    }
  });

  // Uploads with a progress bar; without scripts the form posts normally.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var box = form.querySelector("[data-upload-progress]");
    var bar = box && box.querySelector("progress");
    var percent = box && box.querySelector("[data-upload-percent]");
    var error = form.querySelector("[data-upload-error]");
    var submit = form.querySelector('button[type="submit"]');
    if (!box || !window.FormData || !window.XMLHttpRequest) { return; }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.responseType = "json";
      error.hidden = true;
      box.hidden = false;
      bar.value = 0;
      percent.textContent = "0%";
      submit.disabled = true;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var done = Math.round((e.loaded / e.total) * 100);
          bar.value = done;
          bar.textContent = done + "%";
          percent.textContent = done + "%";
        }
      });
      xhr.addEventListener("load", function () {
        var body = xhr.response || {};
        if (xhr.status >= 200 && xhr.status < 300 && body.ok) {
          bar.value = 100;
          percent.textContent = "100%";
          var target = new URL(body.redirect, window.location.href);
          if (target.pathname === window.location.pathname && target.search === window.location.search) {
            window.location.hash = target.hash;
            window.location.reload();
          } else {
            window.location.assign(target.href);
          }
          return;
        }
        submit.disabled = false;
        box.hidden = true;
        error.textContent = body.error || form.getAttribute("data-upload-failed") || "Error";
        error.hidden = false;
      });
      xhr.addEventListener("error", function () {
        // The network failed: try the ordinary post, which reports errors on the page.
        form.submit();
      });
      xhr.send(new FormData(form));
    });
  });

  // Nominee import: upload progress, then a "checking" state while the server reads every row
  // (the import itself runs in the request), then the row errors in a table or the updated page.
  document.querySelectorAll("form[data-import]").forEach(function (form) {
    var box = form.querySelector("[data-import-progress]");
    var bar = box && box.querySelector("progress");
    var stage = form.querySelector("[data-import-stage]");
    var percent = form.querySelector("[data-import-percent]");
    var error = form.querySelector("[data-import-error]");
    var errorsBox = form.querySelector("[data-import-errors-box]");
    var errorsBody = form.querySelector("[data-import-errors]");
    var submit = form.querySelector('button[type="submit"]');
    if (!box || !window.FormData || !window.XMLHttpRequest) { return; }

    function cell(row, text, label) {
      var td = document.createElement("td");
      td.textContent = text;
      if (label) { td.setAttribute("data-label", label); }
      row.appendChild(td);
    }

    function showErrors(errors) {
      var heads = form.querySelectorAll(".import-errors thead th");
      errorsBody.textContent = "";
      errors.forEach(function (e) {
        var tr = document.createElement("tr");
        cell(tr, String(e.row), heads[0] && heads[0].textContent);
        cell(tr, e.label + (e.cell ? " (" + e.cell + ")" : ""), heads[1] && heads[1].textContent);
        cell(tr, e.message, heads[2] && heads[2].textContent);
        errorsBody.appendChild(tr);
      });
      errorsBox.hidden = errors.length === 0;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.responseType = "json";
      error.hidden = true;
      showErrors([]);
      box.hidden = false;
      bar.setAttribute("value", "0");
      percent.textContent = "0%";
      stage.textContent = stage.getAttribute("data-stage-uploading");
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          var done = Math.round((e.loaded / e.total) * 100);
          bar.value = done;
          percent.textContent = done + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        // Everything is sent; the rows are being checked: an indeterminate bar until the answer.
        bar.removeAttribute("value");
        percent.textContent = "";
        stage.textContent = stage.getAttribute("data-stage-processing");
      });
      xhr.addEventListener("load", function () {
        var body = xhr.response || {};
        form.removeAttribute("aria-busy");
        if (xhr.status >= 200 && xhr.status < 300 && body.ok) {
          var target = new URL(body.redirect, window.location.href);
          if (target.pathname === window.location.pathname) {
            window.location.hash = target.hash;
            window.location.reload();
          } else {
            window.location.assign(target.href);
          }
          return;
        }
        submit.disabled = false;
        box.hidden = true;
        error.textContent = body.error || form.getAttribute("data-import-failed") || "Error";
        error.hidden = false;
        showErrors(body.errors || []);
        error.setAttribute("tabindex", "-1");
        error.focus();
      });
      xhr.addEventListener("error", function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  });
})();
