/* Search snippets without self-check feedback (tools/bookbuild/sphinx/self_checks.py).
   Sphinx builds each result's snippet from the text of the page it found; a self-check's feedback
   sits in that text, closed, and a search for an option's words would show its verdict.
   Every script is deferred, and Sphinx's search script may come after this one: then it is patched
   when the document is parsed, which is before Sphinx starts searching (also on DOMContentLoaded,
   registered after this listener). */
(function () {
  "use strict";
  function patch() {
    if (typeof Search === "undefined" || typeof Search.htmlToText !== "function" || Search.companionPatched) return;
    const pageText = Search.htmlToText;
    Search.htmlToText = function (htmlString, anchor) {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      page.querySelectorAll(".cq-fb").forEach((feedback) => feedback.remove());
      return pageText(page.documentElement.outerHTML, anchor);
    };
    Search.companionPatched = true;
  }
  patch();
  document.addEventListener("DOMContentLoaded", patch);
})();
