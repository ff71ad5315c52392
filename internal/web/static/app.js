// Throughline's only script besides the vendored libraries. The CSP forbids
// inline script, so everything that runs in the page starts here.
import { initAll } from "./vendor/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Print buttons (used by printable pages) without inline handlers.
for (const el of document.querySelectorAll("[data-print]")) {
  el.addEventListener("click", () => window.print());
}

// Confirm destructive or notable actions declared with data-confirm.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (e) => {
    if (!window.confirm(form.dataset.confirm)) e.preventDefault();
  });
}
