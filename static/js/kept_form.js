// Fills the page's form with the answers kept over an idle time-out
// (checklists/kept_forms.py). Only fills fields in: nothing is submitted, the nurse
// checks them and presses Save herself.
(function () {
  "use strict";
  var source = document.getElementById("kept-form");
  if (!source) {
    return;
  }
  var kept = JSON.parse(source.textContent);
  var form = document.querySelector("main form[method=post]:not([data-session-renew])");
  if (!form) {
    return;
  }
  Object.keys(kept).forEach(function (name) {
    var values = kept[name];
    var fields = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    fields.forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = values.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else if (field.type !== "hidden" && field.type !== "submit") {
        field.value = values[0];
      }
      field.dispatchEvent(new Event("change", { bubbles: true }));
    });
  });
})();
