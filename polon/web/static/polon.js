// Polon's only script: keyboard shortcuts on the review page and upload progress.
// Served from /static so the Content-Security-Policy can forbid inline script everywhere.
"use strict";

function reviewShortcuts() {
  const claims = Array.from(document.querySelectorAll("section.claim"));
  if (!claims.length) return;
  let current = claims.findIndex((c) => c.classList.contains("proposed"));
  if (current < 0) current = 0;
  const focus = (i) => {
    current = Math.max(0, Math.min(claims.length - 1, i));
    claims.forEach((c) => c.classList.remove("current"));
    const claim = claims[current];
    claim.classList.add("current");
    claim.focus();
    document.querySelectorAll("mark").forEach((m) => {
      const ids = (m.dataset.claims || "").split(" ");
      m.classList.toggle("current", ids.includes(claim.dataset.claim));
    });
  };
  focus(current);
  claims.forEach((c, i) => c.addEventListener("click", () => focus(i)));
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (target.closest && target.closest("input, textarea, select")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const claim = claims[current];
    const click = (selector) => {
      const button = selector.startsWith("#")
        ? document.querySelector(selector)
        : claim.querySelector(selector);
      if (button) {
        event.preventDefault();
        button.click();
      }
    };
    switch (event.key) {
      case "j": event.preventDefault(); focus(current + 1); break;
      case "k": event.preventDefault(); focus(current - 1); break;
      case "a": click("button.accept"); break;
      case "r": click("button.reject"); break;
      case "A": click("#accept-all"); break;
      case "R": click("#reject-all"); break;
      case "e": {
        const details = claim.querySelector("details.edit");
        if (details) {
          event.preventDefault();
          details.open = true;
          details.querySelector("textarea").focus();
        }
        break;
      }
    }
  });
}

function uploadProgress() {
  const form = document.getElementById("upload");
  if (!form || !window.XMLHttpRequest) return;
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const request = new XMLHttpRequest();
    const review = form.querySelector("input[name=review_lists]").checked;
    request.open("POST", "/api/v1/upload" + (review ? "?review_lists=true" : ""));
    const csrf = document.querySelector("meta[name=csrf-token]");
    if (csrf) request.setRequestHeader("X-CSRF-Token", csrf.content);
    request.responseType = "json";
    request.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      bar.hidden = false;
      bar.value = Math.round((100 * e.loaded) / e.total);
      text.textContent = `Sending: ${bar.value}%`;
    });
    request.upload.addEventListener("load", () => {
      text.textContent = "Sent; reading the files and finding claims…";
    });
    request.addEventListener("load", () => {
      if (request.status !== 200) {
        const detail = request.response && request.response.detail;
        text.textContent = `The upload was refused (${request.status}): ${detail || ""}`;
        return;
      }
      text.textContent = "Done.";
      showResults(request.response);
    });
    request.addEventListener("error", () => {
      text.textContent = "The upload failed: the server could not be reached.";
    });
    request.send(new FormData(form));
  });
}

// Results are built with textContent, never innerHTML: file names and messages stay text.
function showResults(results) {
  const table = document.getElementById("results");
  const body = table.querySelector("tbody");
  body.replaceChildren();
  for (const r of results) {
    const row = body.insertRow();
    if (r.error) row.className = "error";
    row.insertCell().textContent = r.file;
    row.insertCell().textContent = r.kind;
    const cell = row.insertCell();
    if (r.error) {
      cell.textContent = r.error;
      continue;
    }
    const link = document.createElement("a");
    if (!r.created) {
      cell.append("already in the ledger as ");
      link.href = `/sources/${r.source_id}`;
      link.textContent = `source ${r.source_id}`;
    } else if (r.kind === "list") {
      cell.append(`${r.persons} persons, `);
      link.href = `/sources/${r.source_id}`;
      link.textContent = `source ${r.source_id}`;
    } else {
      cell.append(`${r.claims} claims to `);
      link.href = `/review/${r.source_id}`;
      link.textContent = "review";
    }
    cell.append(link);
  }
  table.hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  reviewShortcuts();
  uploadProgress();
});
