/* Progress for self-study (tools/bookbuild/sphinx/self_checks.py).
   Remembers the first answer a reader opens in each self-check of this page, in this browser's
   localStorage only (nothing is sent anywhere), shows "5 of 8 right" above the page's first
   self-check and offers to forget. With scripts blocked, or no storage, the self-checks simply work
   as plain HTML without the tally. */
(function () {
  "use strict";
  const questions = Array.from(document.querySelectorAll("fieldset.cq"));
  if (!questions.length) return;
  const key = "companion-selfchecks:" + location.pathname.replace(/\/index\.html$/, "/");
  let store;
  try {
    store = window.localStorage;
    store.setItem(key + ":probe", "1");
    store.removeItem(key + ":probe");
  } catch (error) {
    return; // storage blocked: the self-checks still work, without a tally
  }
  const load = () => {
    try {
      return JSON.parse(store.getItem(key) || "{}");
    } catch (error) {
      return {};
    }
  };
  let answers = load();

  const panel = document.createElement("div");
  panel.className = "cq-progress";
  const tally = document.createElement("p");
  tally.setAttribute("role", "status");
  const reset = document.createElement("button");
  reset.type = "button";
  reset.textContent = "Forget my answers";
  panel.append(tally, reset);
  questions[0].before(panel);

  const show = () => {
    const given = questions.filter((q) => answers[q.id]);
    const right = given.filter((q) => answers[q.id].right).length;
    tally.textContent =
      `Your self-checks on this page: ${right} of ${questions.length} right at the first try` +
      (given.length < questions.length ? ` (${given.length} answered).` : ".") +
      " Kept in this browser only.";
    reset.hidden = given.length === 0;
  };

  questions.forEach((question) => {
    const options = Array.from(question.querySelectorAll("details.cq-option"));
    const saved = answers[question.id];
    if (saved && options[saved.option]) options[saved.option].open = true;
    options.forEach((option, index) => {
      option.addEventListener("toggle", () => {
        if (!option.open || answers[question.id]) return;
        answers[question.id] = { option: index, right: !!option.querySelector(".cq-right") };
        store.setItem(key, JSON.stringify(answers));
        show();
      });
    });
  });

  reset.addEventListener("click", () => {
    store.removeItem(key);
    answers = {};
    questions.forEach((q) => q.querySelectorAll("details.cq-option").forEach((d) => (d.open = false)));
    show();
  });
  show();
})();
