// After an edit conflict: put what she typed back into the form, one field or all at once.
(function () {
  "use strict";
  function putBack(button) {
    const fields = document.querySelectorAll('form [name="' + CSS.escape(button.dataset.putBack) + '"]');
    const value = button.dataset.value;
    fields.forEach(function (field) {
      if (field.type === "radio") {
        field.checked = field.value === value;
      } else if (field.type === "checkbox") {
        field.checked = value === "True" || value === "true" || value === "on";
      } else {
        field.value = value;
      }
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
    if (fields.length) {
      fields[0].focus();
    }
  }
  document.addEventListener("click", function (event) {
    const one = event.target.closest("[data-put-back]");
    if (one) {
      putBack(one);
      return;
    }
    if (event.target.closest("[data-put-back-all]")) {
      document.querySelectorAll("[data-put-back]").forEach(putBack);
    }
  });
})();
