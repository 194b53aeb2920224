use factcheck::fuzzing::*;
#[test]
fn scratch() {
    for e in std::fs::read_dir("seeds").unwrap() {
        let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
        if let Err(v) = check_normalize(&t) {
            println!("normalize: {v}");
        }
        if let Err(v) = check_sentences(&t) {
            println!("sentences: {v}");
        }
        if let Err(v) = check_assertion_load(&t) {
            println!("load: {v}");
        }
    }
    for e in std::fs::read_dir("assertions").unwrap() {
        let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
        if let Err(v) = check_assertion_load(&t) {
            println!("load: {v}");
        }
    }
    println!("{:?}", check_quote_match("uno no no", "no no"));
    println!("{:?}", check_quote_match("xa a a", "a a"));
}
