// The ipywidgets renderer (html-manager) typesets widget labels with the MathJax 2 API,
// `MathJax.Hub.Queue(...)`; the book loads MathJax 3, which has no `Hub`. Bridge the call
// to MathJax 3's `typesetPromise` so widget labels with math render and nothing throws.
(function () {
  function install() {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = {
        Queue: function () {
          if (window.MathJax.typesetPromise) {
            window.MathJax.typesetPromise().catch(function () {});
          }
        },
      };
    }
  }
  install();
  document.addEventListener("DOMContentLoaded", install);
})();
