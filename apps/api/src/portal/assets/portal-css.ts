/** The portal's one stylesheet, served by the API itself (no CDN, no build step for assets). */
export const PORTAL_CSS = `
:root {
  --bg: #f5f6f8;
  --surface: #ffffff;
  --surface-muted: #f9fafb;
  --border: #e2e5ea;
  --border-strong: #cfd4dc;
  --text: #1a202c;
  --text-muted: #5b6576;
  --text-faint: #8a93a3;
  --accent: #3451d1;
  --accent-hover: #2940b0;
  --accent-soft: #eef1fd;
  --focus: rgba(52, 81, 209, 0.35);
  --success: #1f7a3a;
  --success-soft: #e7f5ec;
  --danger: #b42323;
  --danger-soft: #fcecec;
  --warning: #9a5b00;
  --warning-soft: #fdf3e1;
  --info: #2358a8;
  --info-soft: #e8f0fb;
  --sidebar: #151a24;
  --sidebar-text: #c3cad6;
  --sidebar-active: #232b3a;
  --radius: 8px;
  --shadow: 0 1px 2px rgba(16, 24, 40, 0.05);
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: var(--font); font-size: 14px; line-height: 1.5; color: var(--text); background: var(--bg); }
h1, h2, h3 { line-height: 1.25; margin: 0; color: var(--text); }
h1 { font-size: 22px; font-weight: 650; letter-spacing: -0.01em; }
h2 { font-size: 16px; font-weight: 600; }
h3 { font-size: 14px; font-weight: 600; }
p { margin: 0; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
.icon { flex: none; vertical-align: -3px; }
.muted { color: var(--text-muted); }
.faint { color: var(--text-faint); }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
[hidden] { display: none !important; }

.skip-link { position: absolute; left: 12px; top: -48px; z-index: 10; padding: 8px 14px; background: var(--surface); border-radius: var(--radius); box-shadow: 0 2px 8px rgba(0,0,0,.2); }
.skip-link:focus { top: 12px; }

/* Shell: a fixed side navigation and a scrolling main column. */
/* The dark column is painted by the shell too, so it reaches the bottom of long pages. */
.shell { display: grid; grid-template-columns: 232px minmax(0, 1fr); min-height: 100vh; background: linear-gradient(to right, var(--sidebar) 232px, transparent 232px); }
.sidebar { position: sticky; top: 0; height: 100vh; display: flex; flex-direction: column; gap: 8px; padding: 18px 12px; background: var(--sidebar); color: var(--sidebar-text); }
.brand { display: flex; align-items: center; gap: 10px; padding: 4px 10px 18px; color: #fff; font-size: 17px; font-weight: 650; letter-spacing: 0.01em; }
.brand:hover { text-decoration: none; }
.brand .icon { color: #8ea2ff; }
.nav-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; }
.nav-list a { display: flex; align-items: center; gap: 10px; padding: 8px 10px; border-radius: 6px; color: var(--sidebar-text); font-weight: 500; }
.nav-list a:hover { background: var(--sidebar-active); color: #fff; text-decoration: none; }
.nav-list a[aria-current="page"] { background: var(--sidebar-active); color: #fff; box-shadow: inset 3px 0 0 #8ea2ff; }
.nav-list a:focus-visible { outline-color: #8ea2ff; }
.sidebar-footer { margin-top: auto; padding: 12px 4px 0; border-top: 1px solid #283040; display: grid; gap: 8px; }
.signed-in { font-size: 12.5px; padding: 0 6px; }
.signed-in strong { color: #fff; font-weight: 600; }
.sidebar .btn-ghost { color: var(--sidebar-text); justify-content: flex-start; }
.sidebar .btn-ghost:hover { background: var(--sidebar-active); color: #fff; }
.main { padding: 28px 40px 64px; max-width: 1180px; width: 100%; }
.main:focus { outline: none; }

/* Page header */
.page-header { margin-bottom: 22px; }
.page-header-row { display: flex; align-items: flex-start; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
.lead { margin-top: 4px; color: var(--text-muted); max-width: 70ch; }
.page-actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
.back-link { display: inline-flex; align-items: center; gap: 6px; margin-bottom: 10px; font-size: 13px; color: var(--text-muted); }

/* Cards and sections */
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); box-shadow: var(--shadow); }
.card + .card, .card + .section, .section + .section, .section + .card { margin-top: 20px; }
.card-body { padding: 20px; }
.card-header { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 14px 20px; border-bottom: 1px solid var(--border); }
.card-header p { color: var(--text-muted); font-size: 13px; }
.card-footer { padding: 14px 20px; border-top: 1px solid var(--border); background: var(--surface-muted); border-radius: 0 0 var(--radius) var(--radius); display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
.details-grid > *, .grid-2 > *, .stack > * { margin-top: 0 !important; }
.grid-2 { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 20px; align-items: start; }
.stack { display: grid; gap: 20px; }

/* Buttons */
.btn { display: inline-flex; align-items: center; justify-content: center; gap: 7px; min-height: 34px; padding: 6px 14px; border: 1px solid transparent; border-radius: 6px; font: inherit; font-weight: 550; line-height: 1.2; cursor: pointer; white-space: nowrap; text-decoration: none; transition: background-color .12s, border-color .12s; }
.btn:hover { text-decoration: none; }
.btn-primary { background: var(--accent); color: #fff; }
.btn-primary:hover { background: var(--accent-hover); }
.btn-secondary { background: var(--surface); color: var(--text); border-color: var(--border-strong); }
.btn-secondary:hover { background: var(--surface-muted); border-color: #b8bfca; }
.btn-danger { background: var(--danger); color: #fff; }
.btn-danger:hover { background: #951b1b; }
.btn-danger-outline { background: var(--surface); color: var(--danger); border-color: #e6b3b3; }
.btn-danger-outline:hover { background: var(--danger-soft); }
.btn-ghost { background: transparent; color: var(--text-muted); }
.btn-ghost:hover { background: rgba(0,0,0,.05); }
.btn-block { width: 100%; }
.btn-small { min-height: 28px; padding: 3px 10px; font-size: 13px; }
.inline-form { display: inline; margin: 0; }

/* Badges */
.badge { display: inline-flex; align-items: center; gap: 6px; padding: 2px 9px; border-radius: 999px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.badge-dot { width: 6px; height: 6px; border-radius: 50%; background: currentColor; }
.badge-success { background: var(--success-soft); color: var(--success); border-color: #c6e6d0; }
.badge-danger { background: var(--danger-soft); color: var(--danger); border-color: #f0c8c8; }
.badge-warning { background: var(--warning-soft); color: var(--warning); border-color: #f2dcb2; }
.badge-info { background: var(--info-soft); color: var(--info); border-color: #c8dbf3; }
.badge-neutral { background: #f0f2f5; color: var(--text-muted); border-color: var(--border); }
.chip { display: inline-block; padding: 1px 8px; margin: 1px 4px 1px 0; border-radius: 4px; background: #f0f2f5; border: 1px solid var(--border); font-size: 12px; color: var(--text-muted); white-space: nowrap; }

/* Tables */
.table-wrap { overflow-x: auto; }
table.data { width: 100%; border-collapse: collapse; }
table.data th { text-align: left; font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--text-muted); background: var(--surface-muted); padding: 10px 12px; border-bottom: 1px solid var(--border); white-space: nowrap; }
table.data td { padding: 12px 12px; border-bottom: 1px solid var(--border); vertical-align: middle; }
table.data tr:last-child td { border-bottom: none; }
table.data tbody tr:hover { background: #fafbfc; }
table.data th:first-child { border-top-left-radius: var(--radius); }
table.data th:last-child { border-top-right-radius: var(--radius); }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; }
table.data th:first-child, table.data td:first-child { padding-left: 18px; }
table.data th:last-child, table.data td:last-child { padding-right: 18px; }
.row-title { font-weight: 600; }
table.data time { white-space: nowrap; }
.row-sub { display: block; color: var(--text-muted); font-size: 12.5px; margin-top: 1px; }
.target { font-family: var(--mono); font-size: 12.5px; word-break: break-all; }

/* Definition lists for settings */
dl.settings { display: grid; grid-template-columns: 150px minmax(0, 1fr); gap: 12px 16px; margin: 0; }
dl.settings dt { color: var(--text-muted); font-weight: 500; }
dl.settings dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }

/* Forms */
.form { display: grid; gap: 22px; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
legend, .label { display: block; font-weight: 600; margin-bottom: 6px; padding: 0; }
.field { display: grid; grid-template-columns: minmax(0, 1fr); gap: 6px; }
.hint { color: var(--text-muted); font-size: 13px; }
.optional { color: var(--text-faint); font-weight: 400; }
input[type="text"], input[type="email"], input[type="url"], input[type="password"], input[type="number"], select, textarea {
  width: 100%; max-width: 560px; padding: 8px 11px; font: inherit; color: var(--text); background: var(--surface);
  border: 1px solid var(--border-strong); border-radius: 6px; transition: border-color .12s, box-shadow .12s;
}
textarea { min-height: 72px; resize: vertical; }
input[type="number"] { max-width: 160px; }
input:focus, select:focus, textarea:focus { outline: none; border-color: var(--accent); box-shadow: 0 0 0 3px var(--focus); }
[aria-invalid="true"] { border-color: var(--danger) !important; }
[aria-invalid="true"]:focus { box-shadow: 0 0 0 3px rgba(180, 35, 35, .25) !important; }
.field-error { color: var(--danger); font-size: 13px; font-weight: 500; display: flex; gap: 6px; }
.field-error::before { content: "!"; display: inline-grid; place-items: center; flex: none; width: 16px; height: 16px; margin-top: 2px; border-radius: 50%; background: var(--danger); color: #fff; font-size: 11px; font-weight: 700; }
.form-actions { display: flex; gap: 10px; align-items: center; padding-top: 4px; }
.choice-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 150px), 1fr)); gap: 10px; max-width: 760px; }
.choice { position: relative; display: flex; gap: 10px; align-items: flex-start; padding: 12px 14px; border: 1px solid var(--border-strong); border-radius: var(--radius); background: var(--surface); cursor: pointer; }
.choice:hover { border-color: #aab3c2; }
.choice input { margin: 3px 0 0; accent-color: var(--accent); width: 16px; height: 16px; flex: none; }
.choice strong { display: block; font-weight: 600; }
.choice span.hint { display: block; margin-top: 2px; font-size: 12.5px; }
.choice:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); box-shadow: 0 0 0 1px var(--accent); }
.choice:has(input:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; }
.checks { display: flex; flex-wrap: wrap; gap: 10px; }
.check { display: inline-flex; align-items: center; gap: 8px; padding: 8px 14px; border: 1px solid var(--border-strong); border-radius: 6px; background: var(--surface); cursor: pointer; font-weight: 500; }
.check input { accent-color: var(--accent); width: 16px; height: 16px; margin: 0; }
.check:has(input:checked) { border-color: var(--accent); background: var(--accent-soft); }
.check:has(input:focus-visible) { outline: 3px solid var(--focus); outline-offset: 2px; }
.target-fields { display: grid; gap: 16px; margin-top: 14px; }
.target-field { padding: 14px 16px; border-left: 3px solid var(--border); background: var(--surface-muted); border-radius: 0 6px 6px 0; }
/* With :has(), only the field of the chosen target type shows; without it, all show, each labelled. */
@supports selector(:has(*)) {
  .target-form .target-field { display: none; }
  .target-form:has(#target-type-email:checked) .target-field[data-target="email"],
  .target-form:has(#target-type-json:checked) .target-field[data-target="json"],
  .target-form:has(#target-type-slack:checked) .target-field[data-target="slack"] { display: grid; border-left-color: var(--accent); }
  .target-form .target-placeholder { display: block; }
  .target-form:has(input[name="targetType"]:checked) .target-placeholder { display: none; }
}
.target-placeholder { display: none; color: var(--text-muted); font-style: italic; }

/* Filter bars */
.filter-bar { justify-content: flex-start; align-items: flex-end; flex-wrap: wrap; }
.inline-field { gap: 4px; }
.inline-field .label { font-size: 12px; color: var(--text-muted); margin: 0; }
.inline-field select { width: auto; min-width: 180px; }

/* Notices, secrets, empty states */
.notice { margin-bottom: 18px; padding: 11px 14px; border-radius: var(--radius); border: 1px solid; font-weight: 500; }
.notice-success { background: var(--success-soft); border-color: #c6e6d0; color: #17602d; }
.notice-info { background: var(--info-soft); border-color: #c8dbf3; color: #1d4a8c; }
.notice-danger { background: var(--danger-soft); border-color: #f0c8c8; color: #8e1c1c; }
.secret-reveal { padding: 18px 20px; border: 1px solid #f2dcb2; background: #fffaf0; border-radius: var(--radius); display: grid; gap: 10px; }
.secret-reveal p { color: #6b4a12; }
.secret-row { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.secret-value { display: block; flex: 1 1 320px; padding: 10px 12px; background: var(--surface); border: 1px solid var(--border-strong); border-radius: 6px; font-size: 13px; word-break: break-all; user-select: all; }
.empty-state { display: grid; justify-items: center; gap: 8px; padding: 48px 24px; text-align: center; color: var(--text-muted); }
.empty-state .icon { color: var(--text-faint); margin-bottom: 4px; }
.empty-state p { max-width: 46ch; }
.empty-state .btn { margin-top: 10px; }

/* Details page */
.details-grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(260px, 2fr); gap: 20px; align-items: start; }
.danger-zone { border-color: #f0c8c8; }
.danger-zone .card-header { border-bottom-color: #f5dada; }
.action-list { display: grid; gap: 14px; }
.action-item { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
.action-item p { color: var(--text-muted); font-size: 13px; }
.stat-row { display: flex; gap: 24px; flex-wrap: wrap; }
.stat { display: grid; }
.stat-value { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat-label { font-size: 12px; color: var(--text-muted); }

/* Activity (audit trail) */
.audit-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
.audit-list li { padding-left: 14px; position: relative; }
.audit-list li::before { content: ""; position: absolute; left: 0; top: 8px; width: 6px; height: 6px; border-radius: 50%; background: var(--border-strong); }
.page-footer-actions { margin-top: 20px; }
.confirm-card { max-width: 560px; }
.details-grid + .card, .card + .card { margin-top: 20px; }

/* Chart */
.chart { display: block; width: 100%; height: auto; }
.chart .bar-succeeded { fill: #2f9e58; }
.chart .bar-failed { fill: #d64545; }
.chart .grid-line { stroke: var(--border); stroke-width: 1; }
.chart .axis-label { fill: var(--text-muted); font-size: 11px; font-family: var(--font); }
.legend { display: flex; gap: 16px; font-size: 12.5px; color: var(--text-muted); }
.legend-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.swatch-succeeded { background: #2f9e58; }
.swatch-failed { background: #d64545; }
.chart-figure { margin: 0; display: grid; gap: 8px; }
.chart-table { margin-top: 10px; font-size: 12.5px; }
.chart-table summary { cursor: pointer; color: var(--text-muted); }

/* Attempts and response excerpts */
.code-ok { color: var(--success); font-weight: 600; }
.code-bad { color: var(--danger); font-weight: 600; }
table.attempts td { vertical-align: top; }
table.attempts td:last-child { min-width: 260px; max-width: 420px; }
pre.excerpt { margin: 0; max-height: 180px; overflow: auto; padding: 8px 10px; background: #f3f4f6; border: 1px solid var(--border); border-radius: 6px; white-space: pre-wrap; word-break: break-all; }
.error-text { color: var(--danger); }

/* Connection settings: snippets to paste into build tools */
.connection { margin-top: 28px; display: grid; gap: 20px; }
.connection > * { margin-top: 0 !important; }
.section-heading { display: grid; gap: 4px; }
.section-heading .hint { max-width: 80ch; }
.snippets { display: grid; gap: 18px; }
.snippet { margin: 0; display: grid; gap: 6px; min-width: 0; }
.snippet-header { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
.snippet-header h3 { font-family: var(--mono); font-size: 12.5px; font-weight: 600; color: var(--text-muted); }
pre.snippet-code { margin: 0; padding: 12px 14px; overflow-x: auto; background: #f3f4f6; border: 1px solid var(--border); border-radius: 6px; line-height: 1.5; }

/* Users, tokens and the audit trail */
table.data td.row-actions { text-align: right; white-space: nowrap; }
.form-card { max-width: 640px; }
.token-table time { white-space: normal; }
.row-actions .btn + .btn { margin-left: 6px; }
.filter-bar input[type="text"] { width: auto; min-width: 240px; }
.diff { list-style: none; margin: 0; padding: 0; display: grid; gap: 2px; font-size: 13px; }
.diff-field { color: var(--text-muted); font-weight: 600; }
.diff del { color: var(--danger); }
.diff ins { color: var(--success); text-decoration: none; font-weight: 550; }

/* Confirmation dialog */
dialog.confirm { width: min(460px, calc(100vw - 32px)); padding: 0; border: 1px solid var(--border); border-radius: 12px; box-shadow: 0 20px 50px rgba(15, 23, 42, .3); color: var(--text); }
dialog.confirm::backdrop { background: rgba(15, 23, 42, .45); }
.dialog-body { padding: 22px 22px 8px; display: grid; gap: 10px; }
.dialog-actions { display: flex; justify-content: flex-end; gap: 10px; padding: 16px 22px 20px; }

/* Sign-in and other pages without a session */
body.standalone { background: linear-gradient(160deg, #eef1f7 0%, #f7f8fa 60%); }
.standalone-main { min-height: 100vh; display: grid; place-items: center; padding: 24px; }
.auth-card { width: min(400px, 100%); padding: 32px 30px 28px; }
.auth-card .brand { color: var(--text); padding: 0 0 6px; }
.auth-card .brand .icon { color: var(--accent); }
.auth-card h1 { font-size: 20px; margin: 10px 0 4px; }
.auth-card .lead { margin-bottom: 22px; }
.auth-card .form { gap: 16px; }
.auth-card input { max-width: none; }

@media (max-width: 900px) {
  .shell { grid-template-columns: 1fr; }
  .shell { background: none; }
  .sidebar { position: static; height: auto; flex-direction: row; flex-wrap: wrap; align-items: center; }
  .nav-list { grid-auto-flow: column; }
  .sidebar-footer { margin: 0 0 0 auto; border: 0; padding: 0; }
  .main { padding: 20px; }
  .details-grid, .grid-2 { grid-template-columns: 1fr; }
}
@media (prefers-reduced-motion: reduce) { * { transition: none !important; } }
`;
