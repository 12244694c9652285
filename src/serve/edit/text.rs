//! The editor's other pages and its frame: a file's text -> the plain-text view (for a file the
//! form cannot show, the line in error marked), the two versions of a file changed elsewhere, a
//! refusal; and the layout, style and script every editor page shares. Input: texts, names and
//! the session's token. Output: HTML, every value escaped.

use crate::render::escape::esc as escape;

/// Which script a page carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScriptFor {
    /// Adds rows and shows the body's preview as it is typed.
    Form,
    Nothing,
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans KR',sans-serif;margin:0 auto;max-width:90rem;padding:1rem 1.5rem;line-height:1.5;color:#1a1a1a}\
h1{font-size:1.4rem}code,pre,textarea{font-family:ui-monospace,'D2Coding',monospace}\
.field{margin:0 0 1rem;padding:.5rem .75rem;border-left:3px solid #dde}.field label,.label,legend{display:block;font-weight:600}\
input[type=text],textarea,select{box-sizing:border-box;max-width:100%;font-size:1rem;padding:.3rem}input[type=text],textarea{width:100%}\
fieldset{border:1px solid #ccd;padding:.5rem .75rem}.list,.rows{margin:.25rem 0;padding-left:1.5rem}.row{margin:.25rem 0}\
.rows .row{border-bottom:1px dashed #ccd;padding-bottom:.25rem}.sub{display:inline-block;margin:0 .75rem .25rem 0;vertical-align:top}\
.sub label{font-weight:400;font-size:.9rem}.sub input[type=text]{width:22rem}\
.req{color:#555;font-weight:400;font-size:.9rem}.help{color:#444;font-size:.9rem;margin:.25rem 0}\
.invalid{outline:2px solid #b00020}.diags{margin:.25rem 0;padding-left:1.25rem}.diag.error{color:#b00020}.diag.warning{color:#7a4b00}\
.hint{color:#333}.where{color:#666;font-size:.85rem}.msg{padding:.5rem .75rem;font-weight:600}.msg.ok{background:#e6f4ea}.msg.error{background:#fde7e9}\
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.preview{border:1px solid #ccd;padding:.5rem 1rem;overflow:auto;max-height:40rem}\
.buttons{position:sticky;bottom:0;background:#fff;padding:.75rem 0;border-top:1px solid #ccd}button{font-size:1rem;padding:.4rem 1rem;margin-right:.5rem}\
.lines{font-family:ui-monospace,monospace;white-space:pre-wrap;font-size:.9rem}.lines .bad{background:#fde7e9;outline:1px solid #b00020}\
.versions{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.versions pre{white-space:pre-wrap;border:1px solid #ccd;padding:.5rem;max-height:40rem;overflow:auto}\
@media (max-width:60rem){.pair,.versions{grid-template-columns:1fr}}";

/// Adds a row to a list (a copy of its last row, emptied, renamed to the next row number), and
/// asks the server for the body's preview a moment after typing stops.
const SCRIPT: &str = r#"(function(){
var form=document.getElementById("editor");if(!form)return;
document.querySelectorAll("button.add").forEach(function(b){b.hidden=false;b.addEventListener("click",function(){
var list=b.parentNode.querySelector("[data-list],[data-rows]"),key=b.getAttribute("data-add");
var rows=list.querySelectorAll(":scope > li.row"),copy=rows[rows.length-1].cloneNode(true);
if(list.hasAttribute("data-rows")){var max=-1;list.querySelectorAll("[name]").forEach(function(e){max=Math.max(max,parseInt(e.name.slice(key.length+1),10));});
copy.querySelectorAll("[name]").forEach(function(e){var rest=e.name.slice(key.length+1).split(".");rest[0]=String(max+1);e.name=key+"."+rest.join(".");e.id="f-"+e.name;});}
else{copy.querySelectorAll("[name]").forEach(function(e){e.id="f-"+key+"."+rows.length;});}
copy.querySelectorAll("label").forEach(function(l){var c=l.nextElementSibling;if(c)l.htmlFor=c.id;});
copy.querySelectorAll("input,textarea,select").forEach(function(e){if(e.tagName==="SELECT"){e.selectedIndex=0;}else{e.value="";}e.removeAttribute("aria-invalid");e.classList.remove("invalid");});
list.appendChild(copy);var first=copy.querySelector("input,select,textarea");if(first)first.focus();});});
var body=document.getElementById("f-_body"),preview=document.getElementById("preview"),timer;
if(body&&preview){body.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(function(){
fetch("/_knte/edit/preview",{method:"POST",headers:{"Content-Type":"application/x-www-form-urlencoded"},
body:"_token="+encodeURIComponent(form.elements["_token"].value)+"&_body="+encodeURIComponent(body.value)})
.then(function(r){return r.ok?r.text():null;}).then(function(t){if(t!==null)preview.innerHTML=t;}).catch(function(){});},300);});}
})();"#;

/// A whole editor page around `main`.
pub(super) fn layout(title: &str, main: &str, script: ScriptFor) -> String {
    let script = match script {
        ScriptFor::Form => format!("<script>{SCRIPT}</script>\n"),
        ScriptFor::Nothing => String::new(),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t} | knte serve --edit</title>\n\
<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n{main}</main>\n{script}</body>\n</html>\n",
        t = escape(title)
    )
}

/// The file as text, for a file the form cannot show: every line numbered, the line `bad` marked,
/// and a textarea to save the text from.
pub(super) fn text_page(
    token: &str,
    file: &str,
    text: &str,
    hash: &str,
    bad: (usize, &str),
    message: Option<(&str, &str)>,
) -> String {
    let mut h = String::new();
    if let Some((class, m)) = message {
        h.push_str(&format!(
            "<p class=\"msg {class}\" role=\"status\">{}</p>\n",
            escape(m)
        ));
    }
    h.push_str(&format!(
        "<p class=\"msg error\" id=\"parse-error\">이 파일은 양식으로 열 수 없어 텍스트로 엽니다. {}행: {}</p>\n\
<p class=\"help\">표시된 줄을 고쳐 \"텍스트로 저장\"을 누르면 머리말을 읽을 수 있는지 확인한 뒤 저장합니다. 저장한 뒤에는 양식으로 열립니다.</p>\n<ol class=\"lines\">",
        bad.0,
        escape(bad.1)
    ));
    for (i, line) in text.lines().enumerate() {
        let class = if i + 1 == bad.0 {
            " class=\"bad\" aria-current=\"true\""
        } else {
            ""
        };
        h.push_str(&format!(
            "<li id=\"line-{}\"{class}>{}</li>",
            i + 1,
            escape(line)
        ));
    }
    h.push_str("</ol>\n");
    h.push_str(&text_form(token, file, text, hash, "텍스트로 저장"));
    layout(
        &format!("텍스트 편집: content/{file}"),
        &h,
        ScriptFor::Nothing,
    )
}

/// A form that saves `text` as the whole file, over the bytes fingerprinted `hash`.
fn text_form(token: &str, file: &str, text: &str, hash: &str, button: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/_knte/edit/save\" id=\"editor\" accept-charset=\"utf-8\">\
<input type=\"hidden\" name=\"_token\" value=\"{}\"><input type=\"hidden\" name=\"_file\" value=\"{}\">\
<input type=\"hidden\" name=\"_hash\" value=\"{}\"><input type=\"hidden\" name=\"_mode\" value=\"text\">\
<label for=\"f-_text\">파일 전체</label><textarea name=\"_text\" id=\"f-_text\" rows=\"30\">\n{}</textarea>\
<div class=\"buttons\"><button type=\"submit\" name=\"_action\" value=\"save\" id=\"save-text\">{}</button></div></form>\n",
        escape(token),
        escape(file),
        escape(hash),
        escape(text),
        escape(button)
    )
}

/// The page shown when the file changed on disk since it was opened: both versions side by side,
/// a link to open the file again, and (for the file itself) a form to write one's own version
/// over the one on disk now.
pub(super) fn conflict_page(
    token: &str,
    file: &str,
    shown: &str,
    disk: Option<&str>,
    mine: &str,
    overwrite: Option<&str>,
) -> String {
    let mut h = format!(
        "<p class=\"msg error\" role=\"alert\" id=\"conflict\"><code>{}</code>은(는) 편집기에서 연 뒤 다른 곳에서 바뀌었습니다. 아무것도 저장하지 않았습니다.</p>\n\
<p class=\"help\">두 판을 비교해 다시 여십시오. 내 판으로 덮어쓰면 디스크의 변경은 사라집니다.</p>\n\
<div class=\"versions\"><div><p class=\"label\">디스크에 있는 판</p><pre id=\"disk-version\">{}</pre></div>\
<div><p class=\"label\">내가 고친 판</p><pre id=\"my-version\">{}</pre></div></div>\n\
<p><a href=\"/_knte/edit/{}\">디스크의 판을 다시 열기</a></p>\n",
        escape(shown),
        escape(disk.unwrap_or("(파일이 없습니다)")),
        escape(mine),
        escape(file)
    );
    if let Some(hash) = overwrite {
        h.push_str(&text_form(token, file, mine, hash, "내 판으로 덮어쓰기"));
    }
    layout("저장하지 않음: 파일이 바뀌었습니다", &h, ScriptFor::Nothing)
}

/// A short page for a refused or failed request.
pub(super) fn message_page(title: &str, text: &str) -> String {
    layout(
        title,
        &format!("<p class=\"msg error\">{}</p>\n", escape(text)),
        ScriptFor::Nothing,
    )
}
