//! `factcheck lsp`, driven as an editor drives it: the real binary over stdio, JSON-RPC messages framed with
//! `Content-Length` headers, on fixtures written into a temporary directory. Every read has a timeout, so that
//! a server that stops answering fails the test instead of hanging it.

mod common;

use std::path::Path;

use serde_json::{Value, json};

use common::lsp_client::{Client, TIMEOUT, uri};
use common::{roots, write_files};

/// The length of a text in UTF-16 code units: what an LSP column counts.
fn utf16(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The article: non-ASCII before a passage on its line, so that columns in characters, bytes and UTF-16
/// units all differ.
const ARTICLE: &str = "Anchorage summit report.\n\n\
    😀 Après: The two leaders met for about three hours in Anchorage, officials said.\n\n\
    Putin called the talks “productive” on Friday.\n";

fn fixture() -> tempfile::TempDir {
    roots(
        "seeds",
        &[("a.txt", ARTICLE)],
        &[(
            "other.toml",
            "[[claim]]\nid = \"x\"\nclaim = \"Putin praised the talks.\"\ntags = [\"tone\", \"alaska\"]\n\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"Putin called the talks “productive”\"\n",
        )],
    )
}

fn assertion_uri(dir: &Path, name: &str) -> String {
    uri(&dir.join("assertions").join(name))
}

/// The text of a file with the quote fixed or changed; the file's claim says "three hours".
fn claim_file(quote: &str, extra: &str) -> String {
    format!(
        "[[claim]]\nid = \"met\"\nclaim = \"The leaders met for three hours.\"\ntags = [\"alaska\"]\n\n\
         [[claim.evidence]]\nsource = \"a.txt\"\nquote = \"{quote}\"\n{extra}"
    )
}

const NEARLY: &str = "The two leaders met for nearly three hours in Anchorage";
const ABOUT: &str = "The two leaders met for about three hours in Anchorage";

#[test]
fn initialize_announces_capabilities_and_shutdown_then_exit_ends_cleanly() {
    let dir = fixture();
    let (client, result) = Client::start(dir.path(), Value::Null);
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["textDocumentSync"]["change"], 1, "full document sync: {result}");
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["definitionProvider"], true);
    assert_eq!(capabilities["codeActionProvider"], true);
    assert!(capabilities["completionProvider"]["triggerCharacters"].as_array().unwrap().contains(&json!("\"")));
    assert_eq!(result["serverInfo"]["name"], "factcheck");
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_is_status_1() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}

#[test]
fn a_misquote_is_an_error_under_its_item_with_the_closest_passage_and_the_diff_and_fixing_it_clears_it() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "alaska.toml");
    let text = claim_file(NEARLY, "");
    client.open(&uri, 1, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let errors: Vec<&Value> = diagnostics.iter().filter(|d| d["severity"] == 1).collect();
    assert_eq!(errors.len(), 1, "{diagnostics:#?}");
    let error = errors[0];
    assert_eq!(error["code"], "quote");
    assert_eq!(error["source"], "factcheck");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("evidence #1 (quote) failed"), "{message}");
    assert!(message.contains("not found in a.txt"), "{message}");
    assert!(message.contains(&format!("closest: {ABOUT}")), "{message}");
    assert!(
        message.contains("diff: The two leaders met for [-nearly-]{+about+} three hours in Anchorage"),
        "{message}"
    );
    assert!(message.contains("at: seeds/a.txt:3:"), "the passage's line, relative to the folder: {message}");
    // From the item's header to the end of its last value.
    assert_eq!(error["range"]["start"], json!({ "line": 5, "character": 0 }));
    assert_eq!(error["range"]["end"], json!({ "line": 7, "character": utf16(text.lines().nth(7).unwrap()) }));

    client.change(&uri, 2, &claim_file(ABOUT, ""));
    let diagnostics = client.diagnostics(&uri, Some(2));
    assert!(diagnostics.iter().all(|d| d["severity"] != 1), "{diagnostics:#?}");
    assert!(client.shutdown().success());
}

#[test]
fn load_errors_are_at_their_exact_span_with_did_you_mean() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "typos.toml");
    let verdict_line = "verdict = \"sup😀orted\"";
    let text = format!(
        "[[claim]]\nid = \"met\"\nclaim = \"The leaders met.\"\n{verdict_line}\n\n[[claim.evidence]]\nsource = \"a.txt\"\nqoute = \"{ABOUT}\"\n"
    );
    client.open(&uri, 1, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let find = |needle: &str| {
        diagnostics
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no diagnostic with {needle:?} in {diagnostics:#?}"))
    };
    let typo = find("did you mean `quote`?");
    assert_eq!(typo["severity"], 1);
    assert_eq!(typo["range"], json!({ "start": { "line": 7, "character": 0 }, "end": { "line": 7, "character": 5 } }));
    let verdict = find("did you mean `supported`?");
    let start = utf16("verdict = ");
    assert_eq!(
        verdict["range"],
        json!({ "start": { "line": 3, "character": start }, "end": { "line": 3, "character": utf16(verdict_line) } })
    );
    assert!(client.shutdown().success());
}

#[test]
fn lint_findings_are_warnings_and_duplicates_are_found_across_files() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    // The same claim text as other.toml's, and a one-word quote.
    let text = "[[claim]]\nid = \"again\"\nclaim = \"Putin praised the talks.\"\n\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"productive\"\n";
    let codes = |client: &mut Client, name: &str| -> Vec<(String, i64)> {
        let uri = assertion_uri(dir.path(), name);
        client.open(&uri, 1, text);
        let diagnostics = client.diagnostics(&uri, Some(1));
        diagnostics
            .iter()
            .map(|d| (d["code"].as_str().unwrap_or("").to_owned(), d["severity"].as_i64().unwrap()))
            .collect()
    };
    // After other.toml in path order: this claim is the duplicate, as `factcheck lint` says.
    let after = codes(&mut client, "zz-again.toml");
    assert!(after.contains(&("short-evidence".to_owned(), 2)), "{after:?}");
    assert!(after.contains(&("duplicate-claim".to_owned(), 2)), "{after:?}");
    assert!(after.iter().all(|(_, severity)| *severity == 2), "only warnings: {after:?}");
    // Before it: other.toml's claim is the duplicate, not this one.
    let before = codes(&mut client, "aa-first.toml");
    assert!(before.contains(&("short-evidence".to_owned(), 2)), "{before:?}");
    assert!(!before.iter().any(|(code, _)| code == "duplicate-claim"), "{before:?}");
    assert!(client.shutdown().success());
    // `factcheck lint` on the same file, written to disk, says the same.
    write_files(&dir.path().join("assertions"), &[("zz-again.toml", text)]);
    let output = common::factcheck_in(dir.path(), &["lint", "--format", "json"]);
    let mut from_cli: Vec<String> = common::json_lines(&output)
        .iter()
        .filter(|record| record["file"] == "zz-again.toml")
        .map(|record| record["code"].as_str().unwrap().to_owned())
        .collect();
    let mut from_server: Vec<String> = after.into_iter().map(|(code, _)| code).collect();
    from_cli.sort();
    from_server.sort();
    assert_eq!(from_server, from_cli);
}

#[test]
fn quick_changes_are_debounced_and_only_the_latest_version_is_analysed() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "typing.toml");
    client.open(&uri, 1, &claim_file(ABOUT, ""));
    client.diagnostics(&uri, Some(1));
    // Keystrokes, each a broken file, then the last one fine: sent faster than the debounce.
    for (version, text) in
        [(2, "[[claim]]\nid = "), (3, "[[claim]]\nid = \"met"), (4, "[[claim]]\nid = \"met\"\nqoute")]
    {
        client.change(&uri, version, text);
    }
    client.change(&uri, 5, &claim_file(NEARLY, ""));
    let diagnostics = client.diagnostics(&uri, None);
    // The first publication after the burst is of version 5 (versions 2 to 4 have no misquote to report).
    assert!(diagnostics.iter().any(|d| d["code"] == "quote"), "{diagnostics:#?}");
    assert!(client.shutdown().success());
}

#[test]
fn a_change_older_than_the_document_is_ignored_and_logged() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "order.toml");
    client.open(&uri, 1, &claim_file(ABOUT, ""));
    client.diagnostics(&uri, Some(1));
    client.change(&uri, 5, &claim_file(NEARLY, ""));
    client.diagnostics(&uri, Some(5));
    client.change(&uri, 3, "this is not toml [[[");
    let log = client.log_containing("ignored version 3");
    assert!(log.contains("not newer than version 5"), "{log}");
    // The server still has version 5: the quote's hover is about the misquote.
    let hover = client.at("hover", &uri, (7, 12));
    let markdown = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(markdown.contains("Not found"), "{markdown}");
    assert!(client.shutdown().success());
}

#[test]
fn hover_shows_the_matched_sentence_with_source_and_line_or_the_closest_passage() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "hover.toml");
    let text = format!(
        "{}\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"talks “productive”\"\n\n\
         [[claim.evidence]]\nterms = [\"Putin\", \"Friday\"]\nsource = \"a.txt\"\n\n\
         [[claim.evidence]]\npattern = \"met for (nearly|about)\"\nsource = \"a.txt\"\n",
        claim_file(NEARLY, "")
    );
    client.open(&uri, 1, &text);
    let line_of = |needle: &str| text.lines().position(|line| line.contains(needle)).unwrap();
    let markdown = |hover: Value| hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}")).to_owned();

    let found = markdown(client.at("hover", &uri, (line_of("talks “productive”"), 12)));
    assert!(found.contains("**Found** 1 time"), "{found}");
    assert!(found.contains("`a.txt:5`: Putin called the talks \"productive\" on Friday."), "{found}");

    let missing = markdown(client.at("hover", &uri, (line_of(NEARLY), 12)));
    assert!(missing.contains("**Not found**"), "{missing}");
    assert!(missing.contains(&format!("closest: {ABOUT}")), "{missing}");
    assert!(missing.contains("[-nearly-]{+about+}"), "{missing}");

    let terms = markdown(client.at("hover", &uri, (line_of("terms ="), 12)));
    assert!(terms.contains("`a.txt:5`"), "{terms}");
    let pattern = markdown(client.at("hover", &uri, (line_of("pattern ="), 12)));
    assert!(pattern.contains("`a.txt:3`") && pattern.contains("about three hours"), "{pattern}");

    // Not on a matcher: no hover.
    assert_eq!(client.at("hover", &uri, (0, 1)), Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn definition_goes_to_the_source_at_the_match_in_utf16_columns() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "definition.toml");
    client.open(&uri, 1, &claim_file(ABOUT, ""));
    let location = client.at("definition", &uri, (7, 12));
    assert_eq!(location["uri"], self::uri(&dir.path().join("seeds").join("a.txt")));
    let line = ARTICLE.lines().nth(2).unwrap();
    let column = utf16(&line[..line.find("The two").unwrap()]);
    assert_eq!(location["range"]["start"], json!({ "line": 2, "character": column }));
    assert_eq!(client.at("definition", &uri, (1, 3)), Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn completion_offers_source_names_keys_verdicts_statuses_and_tags_used_elsewhere() {
    let dir = fixture();
    write_files(&dir.path().join("seeds"), &[("europe/b.md", "Another article.\n")]);
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "complete.toml");
    let labels = |result: Value| -> Vec<String> {
        result
            .as_array()
            .unwrap_or_else(|| panic!("{result}"))
            .iter()
            .map(|item| item["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let mut version = 0;
    let mut complete_at_end = |client: &mut Client, text: &str| {
        version += 1;
        client.open(&uri, version, text);
        let line = text.lines().count() - 1;
        let character = utf16(text.lines().last().unwrap());
        client.at("completion", &uri, (line, character))
    };

    let sources = complete_at_end(&mut client, "[[claim]]\nid = \"x\"\n\n[[claim.evidence]]\nsource = \"");
    assert_eq!(labels(sources.clone()), ["a.txt", "europe/b.md"]);
    // The closing quote is added when the editor has not put one in.
    assert_eq!(sources[0]["textEdit"]["newText"], "a.txt\"");
    assert_eq!(sources[0]["textEdit"]["range"]["start"], json!({ "line": 4, "character": 10 }));

    let listed = complete_at_end(&mut client, "[[claim]]\n[[claim.evidence]]\nsources = [\"a.txt\", \"eur");
    assert_eq!(labels(listed), ["europe/b.md"]);

    let keys = labels(complete_at_end(&mut client, "[[claim]]\nid = \"x\"\n[[claim.evidence]]\nsource = \"a.txt\"\nq"));
    assert!(keys.contains(&"quote".to_owned()) && keys.contains(&"min_sources".to_owned()), "{keys:?}");
    assert!(!keys.contains(&"source".to_owned()), "keys already written are not offered: {keys:?}");
    assert!(!keys.contains(&"verdict".to_owned()), "claim keys are not evidence keys: {keys:?}");

    let claim_keys = labels(complete_at_end(&mut client, "[[claim]]\nid = \"x\"\nver"));
    assert!(claim_keys.contains(&"verdict".to_owned()) && !claim_keys.contains(&"id".to_owned()), "{claim_keys:?}");

    let verdicts = labels(complete_at_end(&mut client, "[[claim]]\nverdict = \""));
    assert_eq!(verdicts, ["supported", "refuted", "disputed", "unverifiable"]);
    let statuses = labels(complete_at_end(&mut client, "[[claim]]\nstatus = \""));
    assert_eq!(statuses, ["active", "pending"]);
    let tags = labels(complete_at_end(&mut client, "[[claim]]\ntags = [\"new-one\"]\n[[claim]]\ntags = [\""));
    assert_eq!(tags, ["alaska", "new-one", "tone"], "tags of other.toml on disk and of this document");
    assert!(client.shutdown().success());
}

#[test]
fn code_actions_replace_a_misquote_unless_numbers_would_be_ungrounded_and_add_the_schema_line() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "actions.toml");
    let text = claim_file(NEARLY, "");
    client.open(&uri, 1, &text);
    let actions_at = |client: &mut Client, line: usize| {
        let range = json!({ "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 3 } });
        let params = json!({ "textDocument": { "uri": uri }, "range": range, "context": { "diagnostics": [] } });
        client.request("textDocument/codeAction", params).as_array().unwrap_or_else(|| panic!("no actions")).clone()
    };
    let actions = actions_at(&mut client, 7);
    let replace = actions
        .iter()
        .find(|action| action["title"].as_str().unwrap().starts_with("Replace with the closest passage"))
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(replace["kind"], "quickfix");
    let edit = &replace["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], format!("\"{ABOUT}\""));
    let quote_start = utf16("quote = ");
    assert_eq!(
        edit["range"],
        json!({ "start": { "line": 7, "character": quote_start }, "end": { "line": 7, "character": quote_start + utf16(NEARLY) + 2 } })
    );
    let schema = actions
        .iter()
        .find(|action| action["title"].as_str().unwrap().contains("#:schema ../schema/assertions.schema.json"))
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(schema["edit"]["changes"][&uri][0]["range"]["start"], json!({ "line": 0, "character": 0 }));

    // The claim says "four hours": the passage says three, so the replacement is not offered; a file with the
    // #:schema line is not offered one either.
    let four = format!(
        "#:schema ../schema/assertions.schema.json\n{}",
        claim_file(NEARLY, "").replace("for three hours.", "for four hours.")
    );
    client.change(&uri, 2, &four);
    let actions = actions_at(&mut client, 8);
    assert!(actions.is_empty(), "{actions:#?}");
    assert!(client.shutdown().success());
}

#[test]
fn bad_input_never_stops_the_server() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "broken.toml");
    // Invalid TOML: a syntax error where it is, and the server goes on.
    client.open(&uri, 1, "[[claim]]\nid = \"a\nclaim = [\n");
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["message"].as_str().unwrap().contains("invalid TOML")), "{diagnostics:#?}");
    // Requests on the half-typed file answer.
    assert_eq!(client.at("hover", &uri, (1, 6)), Value::Null);
    assert!(client.at("completion", &uri, (1, 6)).is_array());
    // An unknown request is refused; an unknown notification is ignored.
    let unknown = client.request("textDocument/semanticTokens/full", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("$/unknownNotification", json!({}));
    // Parameters that are not what the method takes: an error response, and the next request answers.
    let invalid = client.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(invalid["error"]["code"], -32602, "{invalid}");
    let malformed = json!({ "textDocument": 3 });
    client.notify("textDocument/didChange", malformed);
    client.log_containing("ignored textDocument/didChange");
    // A change to a document that is not open, and positions past the end of the text.
    client.change(&assertion_uri(dir.path(), "never-opened.toml"), 2, "x");
    client.log_containing("which is not open");
    assert_eq!(client.at("hover", &uri, (99, 99)), Value::Null);
    // A document outside the assertions root is left alone.
    let elsewhere = uri_of_other(dir.path());
    client.open(&elsewhere, 1, "not = [toml");
    client.change(&uri, 2, &claim_file(NEARLY, ""));
    let diagnostics = client.diagnostics(&uri, Some(2));
    assert!(diagnostics.iter().any(|d| d["code"] == "quote"), "{diagnostics:#?}");
    assert!(!client.unread().iter().any(|m| m["params"]["uri"] == elsewhere), "{:#?}", client.unread());
    assert!(client.shutdown().success());
}

fn uri_of_other(dir: &Path) -> String {
    uri(&dir.join("notes.toml"))
}

#[test]
fn an_unreadable_corpus_is_reported_and_fixing_corpus_toml_on_disk_reloads() {
    let dir = fixture();
    write_files(&dir.path().join("seeds"), &[("corpus.toml", "[sources]\n\"a.txt\" = { titel = \"x\" }\n")]);
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let config_uri = uri(&dir.path().join("seeds").join("corpus.toml"));
    let config = client.diagnostics(&config_uri, None);
    assert!(config.iter().any(|d| d["message"].as_str().unwrap().contains("did you mean `title`?")), "{config:#?}");
    assert_eq!(config[0]["range"]["start"]["line"], 1);
    client.log_containing("corpus.toml has errors");

    let uri = assertion_uri(dir.path(), "claims.toml");
    client.open(&uri, 1, &claim_file(NEARLY, ""));
    let diagnostics = client.diagnostics(&uri, Some(1));
    let corpus = diagnostics.iter().find(|d| d["code"] == "corpus").unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert!(corpus["message"].as_str().unwrap().contains("the evidence is not checked"), "{corpus}");

    // Fixed on disk: the watcher's notification reloads, corpus.toml's errors are cleared, the claim is checked.
    write_files(&dir.path().join("seeds"), &[("corpus.toml", "[sources]\n\"a.txt\" = { title = \"x\" }\n")]);
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": config_uri, "type": 2 }] }));
    assert_eq!(client.diagnostics(&config_uri, None), Vec::<Value>::new());
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["code"] == "quote"), "{diagnostics:#?}");

    // A corpus.toml being edited is checked as it is typed.
    client.open(&config_uri, 1, "[limits]\nmax_quote_charz = 3\n");
    let edited = client.diagnostics(&config_uri, Some(1));
    assert!(edited[0]["message"].as_str().unwrap().contains("max_quote_chars"), "{edited:#?}");

    // The corpus root disappears: reported, and the server goes on.
    std::fs::remove_dir_all(dir.path().join("seeds")).unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    client.log_containing("cannot read the corpus root");
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["code"] == "corpus"), "{diagnostics:#?}");
    assert!(client.shutdown().success());
}

#[test]
fn roots_come_from_initialization_options_and_settings() {
    let dir = roots("texts", &[("a.txt", ARTICLE)], &[]);
    write_files(dir.path(), &[("claims/c.toml", ""), ("other-texts/a.txt", "Nothing about the summit here at all.\n")]);
    let options = json!({ "factcheck": { "corpus": "texts", "assertions": "claims" } });
    let (mut client, _) = Client::start(dir.path(), options);
    let uri = uri(&dir.path().join("claims").join("c.toml"));
    client.open(&uri, 1, &claim_file(ABOUT, ""));
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().all(|d| d["severity"] != 1), "the quote holds in texts/a.txt: {diagnostics:#?}");

    client.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "factcheck": { "corpus": dir.path().join("other-texts"), "assertions": "claims" } } }),
    );
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["code"] == "quote"), "checked against other-texts now: {diagnostics:#?}");
    client.notify("workspace/didChangeConfiguration", json!({ "settings": { "factcheck": { "corpus": 42 } } }));
    client.log_containing("factcheck.corpus must be a path");
    assert!(client.shutdown().success());
}

#[test]
fn the_misquote_fixture_is_what_the_command_line_reports_too() {
    // The server and `factcheck check` judge the same file the same way.
    let dir = fixture();
    write_files(&dir.path().join("assertions"), &[("alaska.toml", claim_file(NEARLY, ""))]);
    let output = common::factcheck_in(dir.path(), &["check", "--color", "never"]);
    let text = common::stdout(&output);
    assert!(text.contains("[-nearly-]{+about+}"), "{text}");
}

#[test]
fn an_assertion_file_changed_on_disk_is_read_again() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "tags.toml");
    let text = "[[claim]]\ntags = [\"";
    client.open(&uri, 1, text);
    let tags = |result: Value| -> Vec<String> {
        result.as_array().unwrap().iter().map(|item| item["label"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(tags(client.at("completion", &uri, (1, 9))), ["alaska", "tone"]);
    let added = "[[claim]]\nid = \"y\"\nclaim = \"New.\"\ntags = [\"fresh\"]\n\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"officials said\"\n";
    write_files(&dir.path().join("assertions"), &[("added.toml", added)]);
    let added_uri = assertion_uri(dir.path(), "added.toml");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": added_uri, "type": 1 }] }));
    assert_eq!(tags(client.at("completion", &uri, (1, 9))), ["alaska", "fresh", "tone"]);
    assert!(client.shutdown().success());
}

#[test]
fn initialize_parameters_of_unexpected_types_still_give_the_folder_and_the_settings() {
    let dir = roots("texts", &[("a.txt", ARTICLE)], &[]);
    let params = json!({
        "processId": "not a number",
        "rootUri": uri(dir.path()),
        "capabilities": { "workspace": 42 },
        "trace": ["verbose"],
        "initializationOptions": { "corpus": "texts" },
    });
    let (mut client, result) = Client::start_with(params, TIMEOUT);
    assert_eq!(result["capabilities"]["hoverProvider"], true, "{result}");
    let uri = assertion_uri(dir.path(), "a.toml");
    client.open(&uri, 1, &claim_file(ABOUT, ""));
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().all(|d| d["severity"] != 1), "texts/a.txt holds the quote: {diagnostics:#?}");
    assert!(client.shutdown().success());
}

#[test]
fn a_grounding_failure_is_an_error_on_the_claims_sentence() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "grounding.toml");
    let text = claim_file(ABOUT, "").replace("for three hours.", "for four hours.");
    client.open(&uri, 1, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let grounding = diagnostics.iter().find(|d| d["code"] == "grounding").unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(grounding["severity"], 1);
    let message = grounding["message"].as_str().unwrap();
    assert!(message.contains("the claim says \"four\""), "{message}");
    assert!(message.contains("evidence: 😀 Après: The two leaders met for about three hours"), "{message}");
    let line = text.lines().nth(2).unwrap();
    assert_eq!(
        grounding["range"],
        json!({ "start": { "line": 2, "character": utf16("claim = ") }, "end": { "line": 2, "character": utf16(line) } })
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_quote_of_a_claim_that_does_not_load_can_still_be_hovered() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "half.toml");
    // The unknown key makes the claim malformed; its quote is looked up as written.
    let text = claim_file(ABOUT, "colour = \"red\"\n");
    client.open(&uri, 1, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    assert!(diagnostics.iter().any(|d| d["message"].as_str().unwrap().contains("unknown key `colour`")));
    let hover = client.at("hover", &uri, (7, 12));
    let markdown = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("{hover}"));
    assert!(markdown.contains("**Found** 1 time") && markdown.contains("`a.txt:3`"), "{markdown}");
    let pattern_text = text.replace(&format!("quote = \"{ABOUT}\""), "pattern = \"met for\"");
    client.change(&uri, 2, &pattern_text);
    let hover = client.at("hover", &uri, (7, 12));
    assert!(hover["contents"]["value"].as_str().unwrap().contains("fix the errors of this claim"), "{hover}");
    assert!(client.shutdown().success());
}

#[test]
fn a_malformed_claim_is_reported_and_the_other_claims_of_its_file_are_still_checked() {
    let dir = fixture();
    let (mut client, _) = Client::start(dir.path(), Value::Null);
    let uri = assertion_uri(dir.path(), "mixed.toml");
    let malformed = "[[claim]]\nid = \"broken\"\nclaim = \"Broken.\"\nverdict = \"suported\"\n\n[[claim.evidence]]\nsource = \"a.txt\"\nquote = \"officials said\"\n\n";
    client.open(&uri, 1, &format!("{malformed}{}", claim_file(NEARLY, "")));
    let diagnostics = client.diagnostics(&uri, Some(1));
    let messages: Vec<&str> = diagnostics.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("did you mean `supported`?")), "{messages:#?}");
    let misquote = diagnostics.iter().find(|d| d["code"] == "quote").unwrap_or_else(|| panic!("{messages:#?}"));
    assert_eq!(misquote["range"]["start"]["line"], 14, "the second claim's item: {misquote}");
    assert!(client.shutdown().success());
}
