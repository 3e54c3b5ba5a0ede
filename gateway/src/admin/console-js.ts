import { RULE_VALUES } from "@hub/policies";

/**
 * Behaviour of the policy console: GraphQL calls to /graphql with the admin's token. The known values of each rule
 * field (roles, purposes, categories, actions, conditions, effects) come from the policy validator itself and are
 * offered as choices, in the policy's own lower case everywhere (the explain form converts the category to the
 * GraphQL enum). Long operations show a busy line with the elapsed time; a rollback asks first.
 */
export const CONSOLE_JS = String.raw`
"use strict";
const VALUES = ${JSON.stringify(RULE_VALUES)};
const FIELDS = ["role", "purpose", "category", "action", "condition", "effect", "name"];
const RULE_SELECTION = "rules { " + FIELDS.join(" ") + " }";
const $ = (id) => document.getElementById(id);
let loadedVersion = null;

async function gql(query, variables) {
  const token = $("token").value.trim();
  sessionStorage.setItem("hub-admin-token", token);
  const res = await fetch("/graphql", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + token }, body: JSON.stringify({ query, variables }) });
  return res.json();
}
function status(text, kind) { const s = $("status"); s.textContent = text; s.className = kind || ""; }
function el(tag, props, children) { const e = document.createElement(tag); Object.assign(e, props || {}); (children || []).forEach((c) => e.append(c)); return e; }

/** Run a long operation: a busy line with the elapsed seconds, every button disabled until it is done. */
async function busy(label, fn) {
  const box = $("busy");
  const started = Date.now();
  const tick = () => { $("busy-text").textContent = label + " " + Math.floor((Date.now() - started) / 1000) + " s"; };
  tick();
  const timer = setInterval(tick, 500);
  box.classList.add("on");
  document.body.setAttribute("aria-busy", "true");
  document.querySelectorAll("button").forEach((b) => { b.disabled = true; });
  try { return await fn(); } finally {
    clearInterval(timer);
    box.classList.remove("on");
    document.body.removeAttribute("aria-busy");
    document.querySelectorAll("button").forEach((b) => { b.disabled = false; });
  }
}

/** A <select> of the known values; a value outside them (from a newer policy) is kept as its own option. */
function choice(field, value, attrs) {
  const known = VALUES[field] || [];
  const options = known.includes(value) || !value ? known : [value, ...known];
  const s = el("select", Object.assign({ name: field }, attrs || {}), options.map((v) => el("option", { value: v, textContent: v })));
  s.value = value || options[0];
  return s;
}

function addRow(rule) {
  const tr = el("tr");
  tr.append(el("td", { textContent: String(document.querySelectorAll("#rules tbody tr").length + 1) }));
  for (const f of FIELDS) {
    const input = f === "name" ? el("input", { value: rule[f] || "", name: f }) : choice(f, rule[f]);
    input.addEventListener("change", () => tr.classList.toggle("deny", tr.querySelector("[name=effect]").value === "deny"));
    tr.append(el("td", {}, [input]));
  }
  const del = el("button", { textContent: "✕", title: "Remove rule" });
  del.addEventListener("click", () => { tr.remove(); renumber(); });
  tr.append(el("td", {}, [del]));
  tr.classList.toggle("deny", rule.effect === "deny");
  $("rules").tBodies[0].append(tr);
}
function renumber() { document.querySelectorAll("#rules tbody tr").forEach((tr, i) => { tr.firstChild.textContent = String(i + 1); }); }
function currentRules() {
  return [...document.querySelectorAll("#rules tbody tr")].map((tr) => Object.fromEntries(FIELDS.map((f) => [f, tr.querySelector("[name=" + f + "]").value.trim()])));
}
function showIssues(issues) {
  const rows = document.querySelectorAll("#rules tbody tr");
  rows.forEach((r) => r.classList.remove("invalid"));
  for (const i of issues || []) if (i.line > 0 && rows[i.line - 1]) rows[i.line - 1].classList.add("invalid");
}
function showViolations(violations) {
  const box = $("violations");
  box.replaceChildren(...(violations || []).map((v) => el("div", { className: "violation" }, [
    el("strong", { textContent: v.invariant + ": " }), v.promise, el("br"),
    "Counterexample: ", el("code", { textContent: JSON.stringify(v.counterexample) }), " → " + (v.allowed ? "ALLOWED" : "denied") + " by rule " + v.rule,
  ])));
}

async function load() {
  const r = await gql("{ policyRules { version comment " + RULE_SELECTION + " } policyVersions(limit: 20) { version comment author createdAt } }");
  if (r.errors) return status(r.errors[0].message, "error");
  loadedVersion = r.data.policyRules.version;
  $("version").textContent = "(version " + loadedVersion + ": " + r.data.policyRules.comment + ")";
  $("rules").tBodies[0].replaceChildren();
  r.data.policyRules.rules.forEach(addRow);
  const vt = $("versions").tBodies[0];
  vt.replaceChildren(...r.data.policyVersions.map((v) => {
    const b = el("button", { textContent: "Roll back" });
    b.addEventListener("click", () => confirmRollback(v));
    return el("tr", {}, [el("td", { textContent: "v" + v.version }), el("td", { textContent: v.comment + " — " + v.author }), el("td", {}, v.version === loadedVersion ? [] : [b])]);
  }));
  showIssues([]); showViolations([]);
  status("Loaded version " + loadedVersion + " (" + r.data.policyRules.rules.length + " rules).", "ok");
}

function report(check) {
  showIssues(check.issues); showViolations(check.violations);
  if (check.issues.length) return status(check.issues.map((i) => "rule " + i.line + (i.field ? " (" + i.field + ")" : "") + ": " + i.message).join("\n"), "error");
  if (check.violations.length) return status("Refused: the rules break " + check.violations.length + " promise(s) to patients.", "error");
  status("Valid. All promises proved over " + check.combinations + " combinations in " + check.millis + " ms.", "ok");
}

const validate = () => busy("Validating and proving…", async () => {
  const r = await gql("query($r: [PolicyRuleInput!]!) { validatePolicyRules(rules: $r) { ok combinations millis issues { line field message } violations { invariant promise counterexample allowed rule } } }", { r: currentRules() });
  if (r.errors) return status(r.errors[0].message, "error");
  report(r.data.validatePolicyRules);
});

const simulate = () => busy("Replaying recorded decisions…", async () => {
  const since = new Date(Date.now() - Number($("hours").value || 24) * 3600000).toISOString();
  const r = await gql("query($r: [PolicyRuleInput!]!, $s: DateTime!) { simulatePolicyChange(rules: $r, since: $s) { evaluated newlyAllowed newlyDenied byRoleCategory { role category newlyAllowed newlyDenied } examples { at actorRole actorOrg category purpose beforeRule afterRule afterAllowed } } }", { r: currentRules(), s: since });
  if (r.errors) { showIssues(r.errors[0].extensions && r.errors[0].extensions.issues); return status(r.errors[0].message, "error"); }
  const s = r.data.simulatePolicyChange;
  const rows = s.byRoleCategory.map((g) => el("tr", {}, [el("td", { textContent: g.role }), el("td", { textContent: g.category }), el("td", { textContent: "+" + g.newlyAllowed }), el("td", { textContent: "−" + g.newlyDenied })]));
  const ex = s.examples.map((e) => el("li", { textContent: e.at.slice(0, 19) + " " + e.actorRole + "@" + (e.actorOrg || "-") + " " + e.category + " (" + e.purpose + "): " + e.beforeRule + " → " + (e.afterAllowed ? "allowed" : "denied") + " by " + e.afterRule }));
  $("simulation").replaceChildren(el("p", { id: "sim-summary", textContent: "Replayed " + s.evaluated + " decisions: " + s.newlyAllowed + " newly allowed, " + s.newlyDenied + " newly denied." }), el("table", {}, rows), el("ul", {}, ex));
});

async function apply() {
  const comment = $("comment").value.trim();
  if (!comment) return status("Write a comment before applying.", "error");
  await busy("Proving and applying…", async () => {
    const r = await gql("mutation($r: [PolicyRuleInput!]!, $c: String!, $b: Int) { updatePolicyRules(rules: $r, comment: $c, basedOn: $b) { version } }", { r: currentRules(), c: comment, b: loadedVersion });
    if (r.errors) {
      const x = r.errors[0].extensions || {};
      showIssues(x.issues); showViolations(x.violations);
      return status(r.errors[0].message, "error");
    }
    await load();
    status("Applied as version " + r.data.updatePolicyRules.version + "; in force in every process from the next request.", "ok");
  });
}

/** Ask before putting an older version in force: it changes who may read what, everywhere, at once. */
function confirmRollback(v) {
  const dialog = $("confirm");
  $("confirm-text").textContent = "Put version " + v.version + " (" + v.comment + ") back in force? It replaces version " + loadedVersion + " in every process from the next request.";
  $("confirm-yes").onclick = () => { dialog.close(); void busy("Rolling back…", () => rollback(v.version)); };
  $("confirm-no").onclick = () => { dialog.close(); status("Rollback cancelled; version " + loadedVersion + " stays in force.", "ok"); };
  dialog.showModal();
}

async function rollback(version) {
  const r = await gql("mutation($v: Int!) { rollbackPolicy(version: $v) { version } }", { v: version });
  if (r.errors) { showViolations(r.errors[0].extensions && r.errors[0].extensions.violations); return status(r.errors[0].message, "error"); }
  await load();
  status("Version " + version + " is back in force as version " + r.data.rollbackPolicy.version + ".", "ok");
}

async function explain() {
  const category = $("x-category").value;
  const input = { subject: { role: $("x-role").value, org: $("x-org").value || null }, purpose: $("x-purpose").value, action: $("x-action").value,
    patientId: $("x-patient").value || null, category: category === "non_patient" ? null : category.toUpperCase(), justification: $("x-justification").value };
  const r = await busy("Explaining…", () => gql("query($i: ExplainAccessInput!) { explainAccess(input: $i) { allowed rule reason policyVersion } }", { i: input }));
  const out = $("explanation");
  if (r.errors) return out.replaceChildren(el("p", { textContent: r.errors[0].message }));
  const e = r.data.explainAccess;
  out.replaceChildren(el("p", { id: "explain-result", textContent: (e.allowed ? "ALLOW" : "DENY") + " by " + e.rule + " (v" + e.policyVersion + "): " + e.reason }));
}

function fillChoices(id, values, selected) {
  const s = $(id);
  s.replaceChildren(...values.filter((v) => v !== "*").map((v) => el("option", { value: v, textContent: v })));
  s.value = selected;
}
fillChoices("x-role", VALUES.role, "nurse");
fillChoices("x-purpose", VALUES.purpose, "TREAT");
fillChoices("x-category", VALUES.category.filter((c) => c !== "document_metadata"), "lab_emergency");
fillChoices("x-action", VALUES.action, "read");
$("token").value = sessionStorage.getItem("hub-admin-token") || "";
$("load").addEventListener("click", () => busy("Loading…", load));
$("add").addEventListener("click", () => addRow({ action: "read", condition: "*", effect: "allow" }));
$("validate").addEventListener("click", validate);
$("simulate").addEventListener("click", simulate);
$("apply").addEventListener("click", apply);
$("explain").addEventListener("click", explain);
`;
