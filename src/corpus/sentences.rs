//! Sentence segmentation of a source's original text.
//!
//! This module owns one decision: where a sentence of a source starts and ends.
//! It returns byte ranges into the *original* text (not a normalised copy) so
//! that callers can quote, highlight and report positions exactly as they
//! appear in the file.
//!
//! # Rules
//!
//! 1. **Lines and paragraphs.** A blank line (empty, or white space only,
//!    including a lone no-break space) always ends a sentence and yields
//!    nothing itself. A single line break (LF or CRLF) also ends a sentence,
//!    so that headings, bylines and comment lines stand alone, *except* for a
//!    hard-wrapped line: when the line before does not end in sentence-final
//!    punctuation and the next line starts with a lowercase letter, the
//!    sentence continues across the break.
//! 2. **Terminators.** A sentence can end at a run of `.`, `!`, `?` or `…`,
//!    together with any closing quotes or brackets right after it
//!    (`”`, `"`, `’`, `'`, `)`, `]`), which belong to the sentence. Inside a
//!    line, the split happens only when the terminator is followed by white
//!    space and then something that can start a sentence: an uppercase (or
//!    caseless) letter, a digit, or an opening quote or bracket. A lowercase
//!    continuation (`“no.” then`) or a terminator glued to the next character
//!    (`2.5`, `example.com`) never splits.
//! 3. **Abbreviations.** A lone `.` with nothing glued after it is not a
//!    sentence end when it closes a title (`Mr.`, `Dr.`, `Sen.`, `Gen.`, …), a
//!    month (`Jan.` … `Dec.`), `vs.`, a numbering word before a digit
//!    (`No. 5`, `Fig. 2`), a single capital initial (`John F. Kennedy`), or a
//!    dotted abbreviation (`U.S.`, `U.K.`, `e.g.`, `a.m.`). Dotted
//!    abbreviations are ambiguous at a true sentence end (`… in the U.S. The
//!    …`); we prefer not to split there, because a false split cuts a claim
//!    in half while a missed split merely makes a sentence longer. The end of
//!    a line or paragraph still ends the sentence.
//! 4. **White space.** Every range is trimmed of surrounding white space
//!    (Unicode white space plus the byte order mark U+FEFF, which is never
//!    part of a sentence) and is never empty. Every non-white-space character
//!    of the text lies in exactly one range.
//!
//! The scan is linear in the length of the text: each character is visited a
//! bounded number of times, which matters for corpora that put a whole speech
//! on a single line.

use std::ops::Range;

/// Splits the original text of a source into sentences: byte ranges into `text`, in order,
/// non-overlapping, each trimmed of surrounding white space, never empty.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    // The block of lines that the current sentence(s) may span: consecutive
    // non-blank lines joined by hard-wrap continuations, trimmed.
    let mut block: Option<Range<usize>> = None;
    let mut line_start = 0;
    for raw in text.split_inclusive('\n') {
        let line = trim(text, line_start..line_start + raw.len());
        line_start += raw.len();
        if line.is_empty() {
            if let Some(done) = block.take() {
                split_block(text, done, &mut sentences);
            }
            continue;
        }
        match &mut block {
            Some(open) if continues(&text[open.clone()], &text[line.clone()]) => {
                open.end = line.end;
            }
            _ => {
                if let Some(done) = block.replace(line) {
                    split_block(text, done, &mut sentences);
                }
            }
        }
    }
    if let Some(done) = block {
        split_block(text, done, &mut sentences);
    }
    sentences
}

/// White space for trimming purposes. The BOM is included because a file may
/// start with one and it must never become (part of) a sentence.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Characters that can end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Closing quotes and brackets that stay with the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']')
}

/// Whether `c` can be the first character of a new sentence. Caseless letters
/// (CJK, Arabic, …) count, so that scripts without case still split.
fn can_start_sentence(c: char) -> bool {
    (c.is_alphabetic() && !c.is_lowercase())
        || c.is_numeric()
        || matches!(c, '“' | '‘' | '"' | '\'' | '(' | '[' | '«' | '„' | '¿' | '¡')
}

/// Shrinks `range` to exclude leading and trailing white space; the result is
/// empty (and may start anywhere inside `range`) when the slice is all space.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let rest = text[range.clone()].trim_start_matches(is_space);
    let start = range.end - rest.len();
    start..start + rest.trim_end_matches(is_space).len()
}

/// Whether `next_line` continues the sentence that `block` is in, i.e. the
/// line break between them is a hard wrap rather than a sentence end.
fn continues(block: &str, next_line: &str) -> bool {
    let ends_final = block.trim_end_matches(is_closer).chars().next_back().is_some_and(is_terminator);
    let starts_lower = next_line.chars().next().is_some_and(char::is_lowercase);
    !ends_final && starts_lower
}

/// Splits one trimmed, non-empty block of lines into sentences, appending
/// their ranges (relative to `text`) to `out`. The block's end always ends a
/// sentence.
fn split_block(text: &str, block: Range<usize>, out: &mut Vec<Range<usize>>) {
    let base = block.start;
    let s = &text[block];
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if !is_terminator(c) {
            continue;
        }
        let mut end = at + c.len_utf8();
        let mut lone_dot = c == '.';
        while let Some((i, d)) = chars.next_if(|&(_, d)| is_terminator(d)) {
            end = i + d.len_utf8();
            lone_dot = false;
        }
        while let Some((i, d)) = chars.next_if(|&(_, d)| is_closer(d)) {
            end = i + d.len_utf8();
            lone_dot = false;
        }
        // Only white space after the terminator can make it a sentence end;
        // anything glued to it (`2.5`, `U.S`, `?!x`) keeps the sentence going.
        if chars.next_if(|&(_, d)| is_space(d)).is_none() {
            continue;
        }
        while chars.next_if(|&(_, d)| is_space(d)).is_some() {}
        // The block is trimmed, so white space is always followed by more text.
        let Some(&(next_at, next)) = chars.peek() else {
            break;
        };
        if !can_start_sentence(next) || (lone_dot && is_abbreviation(s, at, next)) {
            continue;
        }
        out.push(base + start..base + end);
        start = next_at;
    }
    out.push(base + start..base + s.len());
}

/// Titles and other abbreviations that are (almost) never the last word of a
/// sentence, matched case-sensitively on the word before the dot.
const NEVER_FINAL: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mme", "Mlle", "Dr", "Prof", "St", "Ste", "Mt", "Ft", "Sen", "Sens", "Rep", "Reps",
    "Gov", "Govs", "Gen", "Gens", "Adm", "Capt", "Cmdr", "Col", "Lt", "Lieut", "Maj", "Sgt", "Cpl", "Brig", "Hon",
    "Rev", "Pres", "Supt", "Jr", "Sr", "vs", "v", "cf", "viz", "approx", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// Abbreviations that introduce a number (`No. 5`); before anything else they
/// are ordinary words (`No. That is wrong.`).
const BEFORE_NUMBER: &[&str] = &[
    "No", "no", "Nos", "nos", "Vol", "vol", "Vols", "Fig", "fig", "Figs", "Art", "art", "Sec", "sec", "Ch", "ch", "p",
    "pp",
];

/// Whether the lone `.` at byte `dot` of `block`, followed by white space and
/// then `next`, closes an abbreviation rather than a sentence.
fn is_abbreviation(block: &str, dot: usize, next: char) -> bool {
    let before = &block[..dot];
    // Scanning back stops at the white space that preceded this word, and the
    // previous dot checked was followed by white space, so these scans never
    // overlap: the whole split stays linear.
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(dot, |(i, _)| i);
    let word = before[word_start..].trim_start_matches('.');
    if word.contains('.') {
        return is_dotted_abbreviation(word);
    }
    let mut letters = word.chars();
    if let (Some(only), None) = (letters.next(), letters.next())
        && only.is_uppercase()
    {
        // "I." is far more often the pronoun or a Roman numeral ("so do
        // I. But …", ": I. The economy") than an initial; it is an initial
        // only right after a capitalised name ("Luke I. Wright").
        return only != 'I' || follows_capitalised_word(&before[..word_start]);
    }
    NEVER_FINAL.contains(&word) || (BEFORE_NUMBER.contains(&word) && next.is_numeric())
}

/// `U.S`, `e.g`, `a.m`, `Ph.D`: short alphabetic parts joined by dots (the
/// final dot has already been cut off). `3.5` or `example.com` do not qualify.
fn is_dotted_abbreviation(word: &str) -> bool {
    word.split('.').all(|part| (1..=3).contains(&part.chars().count()) && part.chars().all(char::is_alphabetic))
}

/// Whether the word right before the white space at the end of `before` is
/// alphabetic and starts with an uppercase letter. This scans only the white
/// space and that word, which no other check scans, so it stays linear.
fn follows_capitalised_word(before: &str) -> bool {
    before
        .trim_end_matches(is_space)
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .last()
        .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sentences of `text`, as strings.
    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    /// Checks the invariants every result must satisfy, whatever the input.
    fn assert_well_formed(text: &str) {
        let ranges = split(text);
        let mut covered = 0;
        for r in &ranges {
            assert!(r.start < r.end, "empty range {r:?} in {text:?}");
            assert!(covered <= r.start, "overlap or disorder at {r:?} in {text:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            assert_eq!(s, s.trim_matches(is_space), "untrimmed {s:?}");
            // Nothing but white space is left out between sentences.
            assert!(text[covered..r.start].chars().all(is_space), "lost text in {text:?}");
            covered = r.end;
        }
        assert!(text[covered..].chars().all(is_space), "lost tail in {text:?}");
    }

    #[test]
    fn seed_000() {
        let text = include_str!("../../tests/fixtures/news/seeds/000_fbb003d94346f9a6.txt");
        assert_well_formed(text);
        assert_eq!(
            sentences(text),
            [
                "Trump Calls Zelenskiy and NATO Leaders After Alaska Summit with Putin",
                "Donald Trump followed his summit with Russian President Vladimir Putin in Alaska by holding a series of calls with Ukrainian President Volodymyr Zelenskiy and senior NATO and European leaders.",
                "According to the White House, the U.S. president spoke at length with Zelenskiy and then connected with multiple Western leaders, including European Commission President Ursula von der Leyen, NATO Secretary General Mark Rutte, French President Emmanuel Macron, and leaders from Germany, Britain, Poland, Finland, and Italy.",
                "The conversations reportedly lasted more than an hour and a half, during which Trump briefed his counterparts on the content and tone of his discussions with Putin.",
                "Ursula von der Leyen’s office confirmed her participation, while a NATO spokesperson also verified the alliance’s involvement.",
                "Axios reported that the calls were part of a broader effort to update allies directly, as Trump faced pressure to keep NATO partners informed after high-profile bilateral talks with Moscow.",
                "Zelenskiy, in his own statement, said he appreciated the contact and announced plans to travel to Washington on Monday for further discussions.",
                "The outreach underscored the high stakes of the Alaska meeting and the need to reassure Ukraine and NATO allies that U.S. support remains firm despite Trump’s open desire to end the war quickly.",
                "The Alaska summit between Trump and Putin, held on Friday, was one of the most anticipated diplomatic encounters of the year.",
                "The two leaders met for nearly three hours in Anchorage, but the meeting produced no agreement on a ceasefire or a pathway to ending the war in Ukraine.",
                "Both described the discussions as “productive” and hinted at progress on unspecified issues, but neither offered details.",
                "No questions were taken from reporters, adding to the uncertainty about what had actually been achieved.",
                "The optics of the summit were significant, with Putin receiving a red-carpet welcome in the United States for the first time since Russia’s full-scale invasion of Ukraine in 2022.",
                "Trump has repeatedly promised to bring the conflict to a swift end, both during his campaign and since entering office, but the Alaska talks showed the difficulty of translating that pledge into concrete results.",
                "For Moscow, the mere fact of holding the summit with such pageantry was seen as a win.",
                "For Washington, the focus shifted quickly to reassurance calls with Zelenskiy and NATO allies.",
                "With Zelenskiy set to travel to Washington on Monday, attention now turns to whether those meetings will produce more tangible commitments than the high-profile, but vague, Alaska encounter.",
                "See also: Russian Officials Claim Alaska Summit as Moscow’s Win",
                "Comments",
            ]
        );
    }

    #[test]
    fn seed_001() {
        let text = include_str!("../../tests/fixtures/news/seeds/001_8078960195baae82.txt");
        assert_well_formed(text);
        assert_eq!(
            sentences(text),
            [
                "President Donald Trump’s latest meeting with European and NATO leaders was framed as a major step toward trying to end the war in Ukraine.",
                "But behind the optics, things didn’t go as smoothly as the White House might have hoped.",
                "The meeting included Ukrainian President Volodymyr Zelensky alongside leaders such as French President Emmanuel Macron, Italian Prime Minister Giorgia Meloni, UK Prime Minister Keir Starmer, Finnish President Alexander Stubb, German Chancellor Friedrich Merz, NATO Secretary General Mark Rutte, and European Commission President Ursula von der Leyen.",
                "It was one of the rare moments of visible unity between Washington and European allies.",
                "However, during the talks, Trump reportedly stepped away to call Vladimir Putin.",
                "That decision raised eyebrows immediately, with CNN’s Kimberly Dozier noting that Trump seemed to be “checking in” with Putin in the middle of discussions about Ukraine’s future.",
                "According to her, it gave the impression that Trump still looked for Putin’s approval especially after Russia’s leader warned that NATO troops on the ground in Ukraine would be “unacceptable.”",
                "After the call, the Kremlin downplayed the idea of a direct Zelensky–Putin meeting, despite Trump pushing for one.",
                "While Putin initially told Trump he was “open” to the idea of negotiations, Russian officials quickly softened that statement, insisting that talks would have to be built up slowly and “gradually.”",
                "In other words, no breakthroughs are on the horizon.",
                "Zelensky, for his part, kept a calm demeanor, even as speculation swirled about how much weight Trump was giving to Putin’s words.",
                "European leaders, meanwhile, seemed to take a firmer stance, with reports suggesting they are considering stronger security commitments to Ukraine, regardless of Moscow’s objections.",
                "Later this week, representatives from 30 countries will gather at the Pentagon to finalize military and security commitments for Ukraine.",
                "The UK’s defense chief, Admiral Sir Tony Radakin, is expected to confirm Britain’s readiness to support Ukraine’s air and sea defenses but not to place British troops on the frontlines against Russia.",
                "On Tuesday, Prime Minister Keir Starmer also briefed more than 30 world leaders about the White House meeting.",
                "According to Downing Street, planning teams from the “coalition of the willing” will now work with their U.S. counterparts on creating stronger security guarantees and preparing for potential peacekeeping or reassurance forces if hostilities eventually wind down.",
                "The picture that emerges is complex: Trump is trying to position himself as a dealmaker, but his outreach to Putin has left many allies uneasy.",
                "At the same time, European leaders appear more determined to prepare for Ukraine’s defense with or without Moscow’s blessing.",
                "2 Comments",
                "I agree with the European leaders",
                "ReplyDeleteThere has to be 100% unity on all decisions, re:- Russia.",
                "Unity is strength , and Europe has to show that, and make it clear that we support Ukraine.",
                "One thing we could do without, is D T putting his threepence worth in.",
                "We can manage without him, ta very much.",
                "ReplyDelete",
            ]
        );
    }

    #[test]
    fn seed_002() {
        let text = include_str!("../../tests/fixtures/news/seeds/002_dbdf83ece837fbd8.txt");
        assert_well_formed(text);
        assert_eq!(
            sentences(text),
            [
                "The Trump-Putin Alaska summit ended without a ceasefire, as both leaders emphasized pursuing a direct peace agreement to resolve Ukraine’s war.",
                "The summit ended with both leaders emphasizing a peace settlement rather than a fragile ceasefire, leaving Ukraine facing difficult choices.",
                "Leaders Meet in Anchorage to Discuss War Resolution",
                "President Donald Trump met Russian President Vladimir Putin in Anchorage for nearly three hours, calling the talks productive but confirming unresolved differences.",
                "The summit marked the first US-Russia talks since Moscow launched its full-scale invasion of Ukraine in February 2022.",
                "Both leaders described the meeting as productive, though they admitted several significant obstacles remain unresolved after lengthy private negotiations.",
                "Trump stated that all parties determined that a full peace agreement offers the best chance to stop bloodshed.",
                "He argued that the ceasefires often collapsed, repeating that only a permanent peace agreement could end the devastating conflict between Russia and Ukraine.",
                "Ukraine’s Role and Security Guarantees",
                "Trump announced he would meet Ukrainian President Volodymyr Zelenskyy at the White House on Monday to continue discussing possible next steps.",
                "Following a private call with Trump, Zelenskyy expressed readiness for constructive cooperation and supported the idea of a trilateral summit.",
                "He reiterated Ukraine’s demand for binding international security guarantees to prevent Russia from launching future invasions.",
                "However, Putin did not mention what Zelenskyy and Russian officials had downplayed: the possibility of three-way negotiations.",
                "Negotiated Points and US Position",
                "Trump stated that negotiations included land swaps and potential security guarantees for Ukraine.",
                "He said the leaders came pretty close to an agreement, though Ukraine still had to approve the discussed proposals.",
                "Trump said that Ukraine must make a deal, stressing that Russia remains a powerful nation while still acknowledging Ukraine’s determination and resilience.",
                "Analysts highlighted Trump’s willingness to push Kyiv toward negotiations and shift responsibilities for progress to Ukraine and its European partners.",
                "Putin’s Diplomatic Victory",
                "For Putin, attending the summit represented a significant diplomatic victory after years of isolation by Western leaders.",
                "Trump welcomed Putin with a red carpet greeting and a lengthy handshake, setting a cordial tone despite unresolved disputes.",
                "Russian officials highlighted the event as proof Moscow was not isolated, noting the fanfare contradicted years of Western media claims.",
                "Putin described the talks as productive, insisting Ukraine’s security must be guaranteed, but warned Europe and Kyiv against obstructing progress.",
                "European Criticism and Western Concerns",
                "European officials reacted negatively, saying Trump offered symbolic recognition without a concrete commitment to protecting Ukraine or reinforcing NATO unity.",
                "Wolfgang Ischinger, a former German ambassador, declared that Putin got his red carpet treatment while Trump got nothing in return.",
                "Analysts argued Putin benefited most by gaining legitimacy without making concessions, though Trump avoided appearing to side with Russia completely.",
                "Despite criticism, Trump rated the summit 10 out of 10 and expressed optimism about meeting Putin again, possibly in Moscow.",
                "The meeting left hopes of peace alive, but doubts remained over Ukraine’s sovereignty and security being effectively guaranteed.",
            ]
        );
    }

    #[test]
    fn seed_003() {
        let text = include_str!("../../tests/fixtures/news/seeds/003_6231b6637a63dde2.txt");
        assert_well_formed(text);
        assert_eq!(
            sentences(text),
            [
                "On Friday, US President Donald Trump and Russian President Vladimir Putin held talks in Alaska.",
                "Following the nearly three-hour summit, both leaders described the meeting as “very productive” but admitted they had failed to reach an agreement to end the war in Ukraine.",
                "At a joint press conference, Trump said, “There were many, many points that we agreed on,” but acknowledged, “a couple of big ones that we haven’t quite got there.”",
                "He added, “So there’s no deal until there’s a deal,” and stated that while they hadn’t yet reached an agreement on “probably the most significant” aspect of the meeting, there was a “very good chance of getting there.”",
                "Earlier, Putin expressed hope that the agreements reached at the summit could serve as a launchpad for settling the Ukraine conflict and restoring ties between Russia and the US.",
                "He also praised what he called the US’s “sincere efforts” to end the war.",
                "Following the meeting, Putin stated that the two sides had discussed topics that could improve bilateral relations, such as trade, energy, and Arctic issues.",
                "He also indicated his desire to meet with Trump again, saying in English, “Next time in Moscow.”",
                "Both leaders did not take questions from reporters during their joint press conference.",
                "Concerns from Ukraine and Europe",
                "Ukrainian and European officials had feared that Trump might betray Ukraine.",
                "However, Trump had previously reassured European leaders in a conference call on Wednesday that Ukraine must be involved in any talks about ceding land.",
                "Zelenskyy said Trump also supported the idea of security guarantees in a post-war settlement, although the US president has not publicly mentioned them.",
                "Zelenskyy has accused Putin of “bluffing” and playing for time.",
                "The Ukrainian president has ruled out formally handing Moscow any territory, stating that it would be unconstitutional and would provide Russia with a foothold for future invasions.",
                "Trump said on Friday that he would call Zelenskyy and NATO leaders to update them on the Alaska talks.",
                "A Ukrainian opposition lawmaker, Oleksiy Honcharenko, said on Telegram that “it seems Putin has bought himself more time.",
                "No ceasefire or de-escalation has been agreed upon.”",
                "Czech Foreign Minister Jan Lipavsky welcomed Trump’s efforts but doubted Putin’s sincerity.",
                "Russian Demands and the State of the Conflict",
                "Putin has set stringent conditions for peace.",
                "His primary goal is to gain full control of the Donbas industrial region in eastern Ukraine.",
                "While his forces control nearly one-fifth of Ukraine, roughly 25% of the Donetsk region remains under Ukrainian control.",
                "Putin also wants to take NATO membership off the table for Ukraine and limit the size of its armed forces.",
                "Ukraine has deemed these terms unacceptable.",
                "The war continued unabated during the talks.",
                "Eastern Ukrainian regions were under air raid alerts, and Russia claimed that Ukrainian drones had attacked its Rostov and Bryansk regions.",
            ]
        );
    }

    #[test]
    fn seed_004() {
        let text = include_str!("../../tests/fixtures/news/seeds/004_dfe902351cf3eb5b.txt");
        assert_well_formed(text);
        assert_eq!(
            sentences(text),
            [
                "Trump Moves to Arrange Zelensky–Putin Peace Summit After White House Talks",
                "US President Donald Trump said Monday he has begun arranging a peace summit between Ukrainian President Volodymyr Zelensky and Russian President Vladimir Putin, following high-level talks at the White House with Zelensky and European leaders.",
                "Trump said he phoned Putin — whom he met in Alaska last week — after “very good” meetings with Zelensky and European counterparts.",
                "“At the conclusion of the meetings, I called President Putin and began the arrangements for a meeting, at a location to be determined, between President Putin and President Zelensky,” Trump posted on Truth Social.",
                "He added that he would later hold a three-way summit with both leaders.",
                "According to a source cited by AFP, Putin told Trump he was ready to meet Zelensky.",
                "Trump also said security guarantees for Ukraine were discussed, with Europe expected to lead on the issue in coordination with Washington.",
                "He claimed Putin had signaled acceptance of Western-backed guarantees, even as Russia continues to oppose Ukraine joining NATO.",
                "The White House hosted an extraordinary gathering that included Trump, Zelensky, and the leaders of Britain, France, Germany, Italy, Finland, the European Commission and NATO.",
                "Zelensky also held his first one-on-one Oval Office meeting with Trump since their heated exchange in February.",
                "This time, both leaders described the talks as their “best yet,” with Trump even complimenting Zelensky’s trademark black jacket.",
                "Trump struck an optimistic note, suggesting a breakthrough could come within “a week or two,” though he reiterated pressure on Kyiv to consider concessions, including giving up Crimea and dropping its NATO ambitions.",
                "He also raised the prospect of “exchanges of territory” with Russia — a proposal Ukraine has rejected.",
                "While European leaders praised Trump’s initiative, divisions emerged.",
                "NATO chief Mark Rutte voiced enthusiasm, while French President Emmanuel Macron called for a separate European-led format.",
                "German Chancellor Friedrich Merz urged a ceasefire before broader peace talks, warning against forcing Ukraine to cede land.",
                "Despite the diplomacy, Russia launched fresh strikes overnight that killed at least seven civilians, including two children, underscoring the ongoing toll of the war.",
                "Comments are closed.",
            ]
        );
    }

    #[test]
    fn empty_and_white_space_only_input() {
        assert!(split("").is_empty());
        assert!(split(" \t\r\n\u{a0}\n\u{feff}\r\n  ").is_empty());
        assert!(split("\u{feff}").is_empty());
    }

    #[test]
    fn byte_order_mark_is_never_part_of_a_sentence() {
        let text = "\u{feff}Headline\nFirst one. Second one.";
        assert_eq!(sentences(text), ["Headline", "First one.", "Second one."]);
        assert_eq!(split(text)[0], 3..11);
    }

    #[test]
    fn crlf_line_ends() {
        let text = "Title\r\n\r\nOne here. Two here.\r\nA hard\r\nwrapped line.\r\n";
        assert_eq!(sentences(text), ["Title", "One here.", "Two here.", "A hard\r\nwrapped line."]);
    }

    #[test]
    fn no_break_space_only_line_yields_nothing() {
        let text = "Heading\n\n\u{a0}\n\nBody text.\n\u{a0} \nMore.";
        assert_eq!(sentences(text), ["Heading", "Body text.", "More."]);
    }

    #[test]
    fn blank_line_always_ends_a_sentence() {
        let text = "no full stop here\n\nand a lowercase paragraph";
        assert_eq!(sentences(text), ["no full stop here", "and a lowercase paragraph"]);
    }

    #[test]
    fn hard_wrapped_continuation() {
        let text = "The talks were\ndescribed as productive. But\nnothing was agreed.\nNext line";
        assert_eq!(
            sentences(text),
            ["The talks were\ndescribed as productive.", "But\nnothing was agreed.", "Next line",]
        );
        // A line that ends in final punctuation is not continued, even by a
        // lowercase line; nor is an unpunctuated line followed by a capital.
        assert_eq!(sentences("It ended.\nthen more"), ["It ended.", "then more"]);
        assert_eq!(sentences("Heading\nBody."), ["Heading", "Body."]);
        assert_eq!(sentences("He said “stop.”\nand left"), ["He said “stop.”", "and left"]);
    }

    #[test]
    fn headings_stand_alone() {
        let text = "Ukraine’s Role and Security Guarantees\nTrump announced a meeting.\n2 Comments\nSee also: Officials Claim a Win\n";
        assert_eq!(
            sentences(text),
            [
                "Ukraine’s Role and Security Guarantees",
                "Trump announced a meeting.",
                "2 Comments",
                "See also: Officials Claim a Win",
            ]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_belong_to_the_sentence() {
        let text = "It would be “unacceptable.” In other words, no. He said “no.” then left. (It was late.) [Really!] ‘Fine.’ \"Done?\" 'Yes.' End";
        assert_eq!(
            sentences(text),
            [
                "It would be “unacceptable.”",
                "In other words, no.",
                "He said “no.” then left.",
                "(It was late.)",
                "[Really!]",
                "‘Fine.’",
                "\"Done?\"",
                "'Yes.'",
                "End",
            ]
        );
    }

    #[test]
    fn opening_quote_starts_a_sentence() {
        let text = "He met them. “At the end,” he said. ‘Maybe.’ (Or not.)";
        assert_eq!(sentences(text), ["He met them.", "“At the end,” he said.", "‘Maybe.’", "(Or not.)"]);
    }

    #[test]
    fn question_exclamation_and_ellipsis() {
        let text = "Will it hold? Nobody knows! Wait... what? Then… Silence?! 3 days later, yes.";
        assert_eq!(
            sentences(text),
            ["Will it hold?", "Nobody knows!", "Wait... what?", "Then…", "Silence?!", "3 days later, yes.",]
        );
    }

    #[test]
    fn titles_and_common_abbreviations() {
        let text = "Mr. Smith met Mrs. Jones and Ms. Lee. Dr. Who, St. Louis, Sen. Vance, Rep. Ocasio, Gov. Newsom, Gen. Milley and Adm. Radakin came. Sir Tony Radakin spoke. Martin Luther King Jr. Day is soon. Roe vs. Wade was cited, e.g. In court, i.e. Elsewhere. Apples, pears etc. and more. We ate apples etc. Then we left.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Smith met Mrs. Jones and Ms. Lee.",
                "Dr. Who, St. Louis, Sen. Vance, Rep. Ocasio, Gov. Newsom, Gen. Milley and Adm. Radakin came.",
                "Sir Tony Radakin spoke.",
                "Martin Luther King Jr. Day is soon.",
                "Roe vs. Wade was cited, e.g. In court, i.e. Elsewhere.",
                "Apples, pears etc. and more.",
                "We ate apples etc.",
                "Then we left.",
            ]
        );
    }

    #[test]
    fn months_and_numbering() {
        let text = "It began on Jan. 5 and ended in Sept. 2020. See No. 10 on the list. Is it true? No. It is not.";
        assert_eq!(
            sentences(text),
            [
                "It began on Jan. 5 and ended in Sept. 2020.",
                "See No. 10 on the list.",
                "Is it true?",
                "No.",
                "It is not.",
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_do_not_split_inside_a_paragraph() {
        let text = "The U.S. president and the U.K. envoy met at the U.N. at 9 a.m. Tuesday. Support from the U.S. The end.\nHe flew to the U.S.\nThen home.";
        assert_eq!(
            sentences(text),
            [
                "The U.S. president and the U.K. envoy met at the U.N. at 9 a.m. Tuesday.",
                "Support from the U.S. The end.",
                "He flew to the U.S.",
                "Then home.",
            ]
        );
        // At the end of a paragraph the dotted abbreviation ends the sentence.
        assert_eq!(sentences("Based in the U.S.\n\nNext."), ["Based in the U.S.", "Next."]);
    }

    #[test]
    fn initials() {
        let text = "John F. Kennedy spoke. D. T. Smith agreed. The Hon. Luke I. Wright left. So did I. Then World War I ended.";
        assert_eq!(
            sentences(text),
            [
                "John F. Kennedy spoke.",
                "D. T. Smith agreed.",
                "The Hon. Luke I. Wright left.",
                "So did I.",
                "Then World War I ended.",
            ]
        );
    }

    #[test]
    fn numbers_never_split() {
        let text = "Growth was 2.5 percent, or $1,000.50 each. It rated 10 out of 10. Version 3.5. Then 4.";
        assert_eq!(
            sentences(text),
            ["Growth was 2.5 percent, or $1,000.50 each.", "It rated 10 out of 10.", "Version 3.5.", "Then 4.",]
        );
    }

    #[test]
    fn multi_byte_characters_before_a_split() {
        let text = "Zelensky–Putin talks in Kyiv — “très bien” ✓. Ünïcödé follows. 日本語の文。 Ελλάδα. Ωραία.";
        let ranges = split(text);
        assert_eq!(
            sentences(text),
            ["Zelensky–Putin talks in Kyiv — “très bien” ✓.", "Ünïcödé follows.", "日本語の文。 Ελλάδα.", "Ωραία.",]
        );
        assert!(ranges.iter().all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end)));
        assert_well_formed(text);
    }

    #[test]
    fn ranges_are_trimmed_and_point_into_the_original() {
        let text = "  \u{a0}First one.\u{a0}\u{a0}Second one.   \r\n\t Third\t\r\n";
        assert_eq!(split(text), [4..14, 18..29, 36..41]);
        assert_eq!(sentences(text), ["First one.", "Second one.", "Third"]);
    }

    #[test]
    fn comment_debris_from_seed_001() {
        let text = "I agree\nReplyDeleteThere has to be unity, re:- Russia. Unity is strength , and more.\nReplyDelete";
        assert_eq!(
            sentences(text),
            [
                "I agree",
                "ReplyDeleteThere has to be unity, re:- Russia.",
                "Unity is strength , and more.",
                "ReplyDelete",
            ]
        );
        assert_eq!(sentences("re:-"), ["re:-"]);
        assert_eq!(sentences(". . ."), [". . ."]);
        assert_eq!(sentences(".\n!\n?"), [".", "!", "?"]);
    }

    /// A tiny deterministic generator (xorshift64*), so the property test
    /// needs no external crates and is reproducible.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            // The modulus is below `items.len()`, which fits in `usize`.
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    #[test]
    fn generated_inputs_are_well_formed() {
        const PIECES: &[&str] = &[
            "word",
            "Word",
            "é",
            "Ü",
            "日本",
            "—",
            "–",
            " ",
            " ",
            " ",
            "\u{a0}",
            "\t",
            "\n",
            "\r\n",
            "\n\n",
            "\u{feff}",
            ".",
            ". ",
            "!",
            "?",
            "…",
            "...",
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "'",
            "(",
            ")",
            "[",
            "]",
            "U.S.",
            "Mr.",
            "No.",
            "F.",
            "I.",
            "2.5",
            "1,000",
            "e.g.",
            "etc.",
            "re:-",
            "ReplyDelete",
            "a",
            "Z",
            "3",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2_000 {
            let len = rng.next() % 40;
            let text: String = (0..len).map(|_| rng.pick(PIECES)).collect();
            assert_well_formed(&text);
        }
    }
}
