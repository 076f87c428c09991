// The report's stylesheet: no framework, system fonts, one column on phones, chart grid on laptops.
export const REPORT_CSS = `
:root{--fg:#111827;--muted:#4b5563;--line:#e5e7eb;--bg:#f8fafc;--card:#fff;--accent:#2563eb;--async:#1d4ed8;--sync:#b91c1c;--bad:#111827;--badbg:#fef2f2;--warnbg:#fffbeb}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent)}
code,kbd,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
.wrap{max-width:1200px;margin:0 auto;padding:0 1.25rem}
header.top{background:#0f172a;color:#e2e8f0;padding:1.5rem 0 1.25rem}
header.top h1{margin:0;font-size:1.6rem;line-height:1.25;color:#fff;letter-spacing:-.01em}
header.top .sub{margin:.35rem 0 0;color:#cbd5e1;font-size:.95rem}
header.top .chips{margin:.75rem 0 0;display:flex;flex-wrap:wrap;gap:.4rem;padding:0;list-style:none}
.chip{display:inline-block;border-radius:999px;padding:.1rem .6rem;font-size:.8rem;background:#1e293b;color:#e2e8f0;border:1px solid #334155}
.chip.async{border-color:#3b82f6}.chip.sync{border-color:#f87171}
nav.toc{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.96);border-bottom:1px solid var(--line);backdrop-filter:blur(6px)}
nav.toc ul{display:flex;gap:1.1rem;margin:0 auto;padding:.55rem 1.25rem;list-style:none;overflow-x:auto;white-space:nowrap;max-width:1200px;font-size:.9rem;scrollbar-width:thin}
nav.toc a{text-decoration:none;color:var(--muted)}nav.toc a:hover{color:var(--fg)}
section{padding:1.75rem 0 .5rem;scroll-margin-top:3rem}
h2{font-size:1.3rem;margin:0 0 .4rem;letter-spacing:-.01em}
h3{font-size:1.02rem;margin:0}
p.intro{margin:.2rem 0 1rem;color:var(--muted);max-width:60rem}
.banner{margin:1rem 0 0;padding:.7rem 1rem;border-radius:8px;background:var(--warnbg);border:1px solid #fcd34d}
.answer{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,17rem),1fr));gap:1rem}
.verdict{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1rem 1.1rem;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.verdict .scn{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0}
.verdict .ratio{font-size:2.6rem;font-weight:700;line-height:1.1;margin:.3rem 0 0;color:var(--async);font-variant-numeric:tabular-nums}
.verdict .ratio small{font-size:1rem;font-weight:500;color:var(--muted);margin-left:.35rem}
.verdict .pair{margin:.2rem 0 .6rem;font-weight:600}
.verdict .pair .a{color:var(--async)}.verdict .pair .s{color:var(--sync)}
.verdict dl{display:grid;grid-template-columns:auto 1fr 1fr;gap:.15rem .8rem;margin:0 0 .6rem;font-variant-numeric:tabular-nums;font-size:.92rem}
.verdict dt{color:var(--muted)}.verdict dd{margin:0}.verdict dd.bad{color:#b91c1c;font-weight:600}.verdict .scn small{font-weight:400;color:var(--muted)}
.verdict .sentence{margin:0;font-size:.92rem}
.gaps{margin:1rem 0 0;padding-left:1.2rem;color:var(--muted)}
.note{font-size:.88rem;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,34rem),1fr));gap:1rem}
figure.chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1rem;min-width:0}
figure.chart figcaption p{margin:.2rem 0 .6rem;color:var(--muted);font-size:.86rem}
.canvas-wrap{position:relative;height:calc(300px + var(--legend,0) * 9px)}
details{margin-top:.6rem}
summary{cursor:pointer;color:var(--accent);font-size:.9rem}
.table-wrap{overflow-x:auto;margin-top:.5rem;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.85rem;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f1f5f9;font-weight:600;white-space:nowrap}
td{white-space:nowrap}td.wide{white-space:normal;min-width:16rem}
tr.invalid td{background:var(--badbg)}
tr.warning td{background:var(--warnbg)}
.mark{font-weight:700;color:var(--bad)}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1rem 1.1rem;margin:0 0 1rem}
.card h3{margin-bottom:.3rem}
.kv{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.3rem 1rem;margin:0}
.kv dt{color:var(--muted)}.kv dd{margin:0;overflow-wrap:anywhere}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f1f5f9;padding:.5rem .7rem;border-radius:6px;margin:.3rem 0 0;font-size:.82rem}
footer{padding:2rem 0 3rem;color:var(--muted);font-size:.85rem}
@media (max-width:640px){
  body{font-size:14.5px}
  .wrap{padding:0 .85rem}
  header.top h1{font-size:1.3rem}
  .verdict .ratio{font-size:2.2rem}
  .canvas-wrap{height:calc(260px + var(--legend,0) * 15px)}
  figure.chart{padding:.75rem}
}
@media print{nav.toc{display:none}details{display:none}figure.chart,.verdict{break-inside:avoid}}
`;
