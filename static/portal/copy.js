/* Copy buttons. A <button data-copy="ID" hidden> copies the data-copy-value
   (or the text) of the element with that id, and writes data-copied or
   data-copy-failed into the element named by data-copy-status (a live region).
   Without JavaScript or a clipboard the button stays hidden and the text
   stays selectable. */
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!source) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.dataset.copyValue || source.textContent.trim();
      navigator.clipboard.writeText(text).then(
        function () { if (status) { status.textContent = button.dataset.copied; } },
        function () { if (status) { status.textContent = button.dataset.copyFailed; } }
      );
    });
  });
})();
