// Vigil dashboard: reads /api/v1/status, then follows /api/v1/events (read with fetch so a bearer token can be sent)
// and re-reads the status on every event, without reloading the page. No external resources.
"use strict";
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("vigil-token") || "";
let pending = null;

function headers() { return token ? { Authorization: "Bearer " + token } : {}; }
function esc(s) { return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]); }
function time(iso) { return iso ? new Date(iso).toLocaleTimeString() : "–"; }
function ms(seconds) { return seconds == null ? "–" : (seconds * 1000).toFixed(1) + " ms"; }

function askToken() {
  $("auth").hidden = false;
  $("live").textContent = "token needed"; $("live").className = "pill unknown";
}
$("auth").addEventListener("submit", (e) => {
  e.preventDefault(); token = $("token").value.trim(); sessionStorage.setItem("vigil-token", token);
  $("auth").hidden = true; refresh(); follow();
});

async function refresh() {
  const r = await fetch("api/v1/status", { headers: headers(), cache: "no-store" });
  if (r.status === 401) return askToken();
  render(await r.json());
}
function soon() { if (!pending) pending = setTimeout(() => { pending = null; refresh().catch(() => {}); }, 150); }

function spark(checks) {
  if (!checks.length) return "";
  const w = 120, h = 24, max = Math.max(...checks.map((c) => c.latencySeconds), 0.001), step = w / Math.max(checks.length - 1, 1);
  const pts = checks.map((c, i) => `${(i * step).toFixed(1)},${(h - 2 - (c.latencySeconds / max) * (h - 4)).toFixed(1)}`).join(" ");
  const dots = checks.map((c, i) => c.ok ? "" : `<circle cx="${(i * step).toFixed(1)}" cy="${h / 2}" r="2.5" fill="var(--down)"/>`).join("");
  return `<svg class="spark" viewBox="0 0 ${w} ${h}"><polyline fill="none" stroke="var(--dim)" stroke-width="1.5" points="${pts}"/>${dots}</svg>`;
}

function render(d) {
  $("node").textContent = d.node;
  document.title = "Vigil " + d.node + (d.instances.some((i) => i.state === "MASTER") ? " (MASTER)" : "");
  $("instances").innerHTML = d.instances.map((i) => `<div class="card" data-instance="${esc(i.name)}">
      <div>${esc(i.name)} <span class="why">vrid ${esc(i.vrid)} on ${esc(i.interface)}${i.syncGroup ? " · group " + esc(i.syncGroup) : ""}</span></div>
      <div class="state ${esc(i.state)}">${esc(i.state)}</div>
      <div>priority ${esc(i.effectivePriority)}${i.basePriority !== i.effectivePriority ? ` (base ${esc(i.basePriority)})` : ""}
        ${i.state === "BACKUP" && i.masterAddress ? ` · master ${esc(i.masterAddress)} (${esc(i.masterPriority)})` : ""}</div>
      <div class="why transition">${i.lastTransition ? `${time(i.lastTransition.at)} ${esc(i.lastTransition.from)} → ${esc(i.lastTransition.to)}: ${esc(i.lastTransition.reason)}` : ""}</div>
      ${i.faultReason ? `<div class="reason">${esc(i.faultReason)}</div>` : ""}</div>`).join("") || "<p class=why>no VRRP instance</p>";
  $("vips").innerHTML = "<tr><th>Address</th><th>Instance</th><th>Holder</th></tr>" + d.vips.map((v) =>
      `<tr><td>${esc(v.address)}</td><td>${esc(v.instance)}</td><td>${v.heldHere ? `<span class="pill up">here</span> ${esc(v.holder)}` : esc(v.holder ?? "–")}</td></tr>`).join("");
  const byVs = {};
  d.realServers.forEach((r) => (byVs[r.virtualServer] ||= []).push(r));
  $("services").innerHTML = d.virtualServers.map((v) => `<div class="service" data-vs="${esc(v.name)}">
      <h3>${esc(v.name)} <span class="why">${v.realServersUp}/${v.realServers} up${v.quorumUp ? "" : " · QUORUM LOST"}${v.sorryServerActive ? " · sorry server" : ""}
        · ${v.counters.activeConnections} active connections</span></h3>
      <table><tr><th>Real server</th><th>Health</th><th>Weight</th><th class="hide-narrow">Last check</th><th class="hide-narrow">Recent checks</th><th>Conns</th></tr>
      ${(byVs[v.name] || []).map((r) => `<tr data-rs="${esc(r.realServer)}"><td>${esc(r.realServer)}${r.inPool ? "" : ' <span class="why">(out of pool)</span>'}</td>
        <td><span class="pill ${esc(r.health)}">${esc(r.health)}</span>${r.reason ? `<div class="reason">${esc(r.reason)}</div>` : ""}</td>
        <td>${esc(r.weight)}</td><td class="hide-narrow">${r.lastCheck ? `${esc(r.checker)} ${ms(r.lastCheck.latencySeconds)}` : "–"}</td>
        <td class="hide-narrow">${spark(r.recentChecks)}</td><td>${r.counters.activeConnections}/${r.counters.inactiveConnections}</td></tr>`).join("")}</table></div>`).join("")
      || "<p class=why>no virtual server</p>";
  const notable = d.recent.filter((e) => e.type !== "ChildLife" || !e.alive).slice(-15).reverse();
  $("events").innerHTML = notable.map((e) => `<li><span class="time">${time(e.at)}</span>${describe(e)}</li>`).join("") || "<li class=why>nothing yet</li>";
  $("children").innerHTML = "<tr><th>Process</th><th>PID</th><th>State</th><th>Restarts</th></tr>" + d.children.map((c) =>
      `<tr><td>${esc(c.name)}</td><td>${c.pid}</td><td><span class="pill ${c.alive ? "up" : "down"}">${c.alive ? "running" : "dead"}</span>
        ${c.lastExit ? `<span class="why">last exit: ${esc(c.lastExit)}</span>` : ""}</td><td>${c.restarts}</td></tr>`).join("");
  $("updated").textContent = "updated " + new Date(d.generatedAt).toLocaleString() + " · up " + Math.round(d.uptimeSeconds) + " s";
}

function describe(e) {
  switch (e.type) {
    case "VrrpTransition": return `${esc(e.instance)} <b class="${esc(e.to)}">${esc(e.from)} → ${esc(e.to)}</b>: ${esc(e.reason)}`;
    case "PriorityChange": return `${esc(e.instance)} priority ${e.from} → ${e.to}: ${esc(e.reason)}`;
    case "HealthChange": return `${esc(e.realServer)} <span class="pill ${e.up ? "up" : "down"}">${e.up ? "up" : "down"}</span> ${esc(e.reason)}`;
    case "ChildLife": return `${esc(e.child)} ${e.alive ? "started" : "died (" + esc(e.how) + ")"}`;
    case "Reload": return `reload ${esc(e.outcome)}`;
    case "NotifyExit": return `notify ${esc(e.script)} of ${esc(e.instance)} exited ${e.exitStatus}`;
    default: return esc(e.type);
  }
}

// The event stream, read with fetch (EventSource cannot send a bearer token); reconnects after 2 s.
async function follow() {
  try {
    const r = await fetch("api/v1/events", { headers: headers(), cache: "no-store" });
    if (r.status === 401) return askToken();
    $("live").textContent = "live"; $("live").className = "pill up";
    const reader = r.body.getReader(), dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf("\n\n")) >= 0) {
        const msg = buf.slice(0, cut); buf = buf.slice(cut + 2);
        if (msg.split("\n").some((l) => l.startsWith("data:"))) soon();
      }
    }
  } catch (e) { /* reconnect below */ }
  $("live").textContent = "reconnecting…"; $("live").className = "pill down";
  setTimeout(() => { refresh().catch(() => {}); follow(); }, 2000);
}

refresh().catch(() => {});
follow();
setInterval(() => refresh().catch(() => {}), 5000); // counters and check history change without events
