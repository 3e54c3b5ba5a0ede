/** The policy console page (served at /admin). Plain HTML; behaviour in console-js.ts, no inline script. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Policy console — medical information exchange hub</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
  header { background: #17324d; color: #fff; padding: 10px 20px; display: flex; gap: 12px; align-items: center; }
  header h1 { font-size: 16px; margin: 0 auto 0 0; }
  header input { width: 360px; }
  main { padding: 16px 20px; display: grid; grid-template-columns: 2fr 1fr; gap: 16px; }
  section { background: #fff; border: 1px solid #d8dde3; border-radius: 6px; padding: 12px; }
  h2 { font-size: 15px; margin: 0 0 8px; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border-bottom: 1px solid #e6e9ed; padding: 2px 4px; text-align: left; }
  td input, td select { width: 100%; box-sizing: border-box; border: 1px solid transparent; background: transparent; font: inherit; }
  td input:focus, td select:focus { border-color: #5b8def; background: #fff; }
  #busy { display: none; align-items: center; gap: 8px; padding: 6px 8px; background: #eef3fb; border-radius: 4px; }
  #busy.on { display: flex; }
  dialog { border: 1px solid #8a99ab; border-radius: 6px; max-width: 32rem; }
  dialog::backdrop { background: rgba(23, 50, 77, .35); }
  tr.invalid td { background: #fde8e8; }
  tr.deny td:nth-child(7) select { color: #b3261e; font-weight: 600; }
  .bar { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; align-items: center; }
  button { font: inherit; padding: 4px 10px; border-radius: 4px; border: 1px solid #8a99ab; background: #fff; cursor: pointer; }
  button.primary { background: #17324d; color: #fff; border-color: #17324d; }
  #status { white-space: pre-wrap; padding: 8px; border-radius: 4px; min-height: 20px; }
  #status.ok { background: #e6f4ea; color: #1e5631; }
  #status.error { background: #fde8e8; color: #8c1d18; }
  .violation { border-left: 3px solid #b3261e; padding: 4px 8px; margin: 6px 0; background: #fff5f5; }
  code { font-size: 12px; }
  label { display: block; margin: 4px 0; }
</style>
</head>
<body>
<header>
  <h1>Policy console</h1>
  <label>Token <input id="token" type="password" placeholder="policy_admin bearer token" autocomplete="off"></label>
  <button id="load" class="primary">Load policy</button>
</header>
<main>
  <section>
    <h2>Rules <span id="version"></span></h2>
    <div class="bar">
      <button id="add">Add rule</button>
      <button id="validate">Validate &amp; prove</button>
      <label>Simulate last <input id="hours" type="number" value="24" min="1" style="width:60px"> h</label>
      <button id="simulate">Simulate</button>
      <input id="comment" placeholder="Comment (required to apply)" style="flex:1">
      <button id="apply" class="primary">Apply</button>
    </div>
    <div id="busy" role="status" aria-live="polite"><progress></progress><span id="busy-text"></span></div>
    <div id="status" role="status"></div>
    <div id="violations"></div>
    <table id="rules">
      <thead><tr><th>#</th><th>role</th><th>purpose</th><th>category</th><th>action</th><th>condition</th><th>effect</th><th>rule name</th><th></th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <aside>
    <section>
      <h2>Simulation</h2>
      <div id="simulation">Run a simulation to see which recorded accesses the edited rules would change.</div>
    </section>
    <section>
      <h2>Explain a decision</h2>
      <label>Role <select id="x-role"></select></label>
      <label>Institution <input id="x-org" value="1310000002"></label>
      <label>Purpose <select id="x-purpose"></select></label>
      <label>Patient <input id="x-patient" value="P-0001"></label>
      <label>Action <select id="x-action"></select></label>
      <label>Category <select id="x-category"></select></label>
      <label>Justification <input id="x-justification" value="" placeholder="why you need this (shown to the patient)"></label>
      <button id="explain">Explain</button>
      <div id="explanation"></div>
    </section>
    <section>
      <h2>Versions</h2>
      <table id="versions"><tbody></tbody></table>
    </section>
  </aside>
</main>
<dialog id="confirm">
  <p id="confirm-text"></p>
  <div class="bar"><button id="confirm-yes" class="primary">Roll back</button><button id="confirm-no">Cancel</button></div>
</dialog>
<script src="/admin/console.js"></script>
</body>
</html>`;
