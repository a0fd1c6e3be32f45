/* Search snippets without self-check feedback (tools/bookbuild/sphinx/self_checks.py).
   Sphinx builds each result's snippet from the text of the page it found; a self-check's feedback
   sits in that text, closed, and a search for an option's words would show its verdict. */
(function () {
  "use strict";
  if (typeof Search === "undefined" || typeof Search.htmlToText !== "function") return;
  const pageText = Search.htmlToText;
  Search.htmlToText = function (htmlString, anchor) {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".cq-fb").forEach((feedback) => feedback.remove());
    return pageText(page.documentElement.outerHTML, anchor);
  };
})();
