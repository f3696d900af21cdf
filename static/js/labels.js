// The "Print" button of a sheet of provenance labels; without this file the browser's own menu prints it.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
