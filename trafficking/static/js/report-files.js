// The report form's review lists the files chosen on its last step by name
// and size, so the reporter sees everything that will be sent. Without this
// script the browser shows the names next to the file button itself.
// Listens on the document: the step may arrive later, swapped in by steps.js.
(function () {
  "use strict";

  function size(bytes, lang) {
    var megabytes = bytes >= 1e6;
    try {
      return new Intl.NumberFormat(lang, {
        style: "unit",
        unit: megabytes ? "megabyte" : "kilobyte",
        maximumFractionDigits: 1,
      }).format(megabytes ? bytes / 1e6 : Math.max(bytes / 1e3, 0.1));
    } catch (error) {
      return Math.ceil(bytes / 1e3) + " kB";
    }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.id !== "id_files" || !input.files) return;
    var output = document.getElementById("chosen-files");
    if (!output) return;
    var lang = document.documentElement.lang || undefined;
    var content;
    if (input.files.length === 0) {
      content = document.createElement("p");
      content.textContent = output.getAttribute("data-none") || "";
    } else {
      content = document.createElement("ul");
      for (var i = 0; i < input.files.length; i++) {
        var item = document.createElement("li");
        // textContent: a file name is shown as text, never as markup.
        item.textContent = input.files[i].name + " (" + size(input.files[i].size, lang) + ")";
        content.appendChild(item);
      }
    }
    output.replaceChildren(content);
  });
})();
