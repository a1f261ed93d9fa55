/**
 * A self-contained reference page rendered in the browser from `/v1/openapi.json`: no CDN, so it
 * works on a provincial intranet.
 */
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>IOC API reference</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2937}
h1{font-size:1.5rem}h2{margin-top:2rem;font-size:1.1rem;border-bottom:1px solid #d5dbe1;padding-bottom:.3rem}
.m{display:inline-block;min-width:4rem;font-weight:700;text-transform:uppercase}.get{color:#0f766e}.post{color:#1d4ed8}
pre{background:#f3f4f6;padding:.6rem;overflow:auto;font-size:.85rem}table{border-collapse:collapse}td,th{border:1px solid #d5dbe1;padding:.25rem .5rem;text-align:left}
</style></head><body><h1 id="title">IOC API</h1><p id="desc"></p><div id="paths">Loading…</div>
<script>
fetch("openapi.json").then(r=>r.json()).then(doc=>{
  const esc=s=>String(s??"").replace(/[&<>"]/g,c=>({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
  document.getElementById("title").textContent=doc.info.title+" "+doc.info.version;
  document.getElementById("desc").textContent=doc.info.description||"";
  let html="";
  for(const [path,ops] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(ops)){
    html+="<h2><span class='m "+method+"'>"+method+"</span> "+esc(path)+"</h2><p><b>"+esc(op.summary)+"</b> "+esc(op.description)+"</p>";
    if(op.parameters&&op.parameters.length){html+="<table><tr><th>parameter</th><th>in</th><th>description</th></tr>"+op.parameters.map(p=>"<tr><td>"+esc(p.name)+"</td><td>"+esc(p.in)+"</td><td>"+esc(p.description||p.schema?.description)+"</td></tr>").join("")+"</table>";}
    if(op.requestBody){html+="<p>Request body: "+Object.keys(op.requestBody.content).map(esc).join(", ")+"</p>";}
    html+="<table><tr><th>status</th><th>meaning</th></tr>"+Object.entries(op.responses).map(([s,r])=>"<tr><td>"+s+"</td><td>"+esc((r.$ref?doc.components.responses[r.$ref.split("/").pop()]:r)?.description)+"</td></tr>").join("")+"</table>";
  }}
  html+="<h2>Schemas</h2>"+Object.entries(doc.components?.schemas||{}).map(([n,s])=>"<h3>"+esc(n)+"</h3><pre>"+esc(JSON.stringify(s,null,2))+"</pre>").join("");
  document.getElementById("paths").innerHTML=html;
});
</script></body></html>`;
