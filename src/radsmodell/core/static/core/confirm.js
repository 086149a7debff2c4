// Forms with data-confirm="question" ask in a dialog before they are sent (core/confirm.py).
// Without this script the server asks on a page of its own.
(function () {
  "use strict";
  var dialog = null;

  // Built element by element: no markup from strings, so no text can ever become markup.
  function element(tag, className, attributes) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    Object.keys(attributes || {}).forEach(function (name) { made.setAttribute(name, attributes[name]); });
    return made;
  }

  function build() {
    dialog = element("dialog", "ds-dialog confirm-dialog");
    var form = element("form", "", { method: "dialog" });
    var buttons = element("div", "confirm-dialog__buttons");
    buttons.appendChild(element("button", "ds-button", { "data-variant": "primary", value: "ok" }));
    buttons.appendChild(element("button", "ds-button", { "data-variant": "secondary", value: "cancel" }));
    form.appendChild(element("p", "ds-paragraph"));
    form.appendChild(buttons);
    dialog.appendChild(form);
    document.body.appendChild(dialog);
    return dialog;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (!question || form.querySelector('input[name="confirmed"]')) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var box = dialog || build();
    var submitter = event.submitter;
    box.querySelector("p").textContent = question;
    box.querySelector('[value="ok"]').textContent = form.getAttribute("data-confirm-yes") || (document.documentElement.lang === "en" ? "Yes, continue" : "Ja, fortsett");
    box.querySelector('[value="cancel"]').textContent = document.documentElement.lang === "en" ? "Cancel" : "Avbryt";
    box.onclose = function () {
      if (box.returnValue !== "ok") { return; }
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "1";
      form.appendChild(confirmed);
      form.requestSubmit(submitter || undefined);
    };
    box.returnValue = "";
    box.showModal();
  }, true);
}());
