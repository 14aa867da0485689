//! Claim versus source (issue 10, §2), through the binary: claims about the seeds and two BBC
//! News excerpts (tests/fixtures/bbc), each citing a quote that holds. Half misstate what they
//! cite, one or more of each kind of conflict; half are faithful paraphrases (number words,
//! money written out, another tense of a negation, "two decades" for "twenty years"). The JSON
//! report must give each misstatement its one conflict, with both wordings, and the
//! paraphrases none.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::repo;

const GUARDIAN: &str = "002_326e0245ca5f2455";
const AMNESTY: &str = "000_9145fefdaec83068";
const NO_AZURE: &str = "001_6a06bd2eb74f129a";
const WEBPRO: &str = "003_653de2be3120c781";
const MUBANGA: &str = "politics-100";
const TIME_WARNER: &str = "business-001";

/// One claim: its id, the cited source and quote, its text, and the conflict expected:
/// (kind, the claim's wording, the source's wording), or None for a faithful paraphrase.
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(&'static str, &'static str, &'static str)>,
);

const CASES: &[Case] = &[
    // Misstatements.
    (
        "age",
        MUBANGA,
        "Mr Mubanga, 32, from Wembley, London",
        "Martin Mubanga is 29 years old.",
        Some(("number", "29", "32")),
    ),
    (
        "charged",
        MUBANGA,
        "were released without charge by UK police on their return",
        "The four were charged by UK police on their return.",
        Some(("negation", "were charged", "without charge")),
    ),
    (
        "denied",
        MUBANGA,
        "The US government denied the claims, saying it condemned and prohibited torture.",
        "The US government confirmed the claims, saying it condemned and prohibited torture.",
        Some(("negation", "confirmed", "denied")),
    ),
    (
        "first-interview",
        MUBANGA,
        "Mr Mubanga is the first of the four detainees freed last month to give a media interview.",
        "Mr Mubanga is the second of the four detainees freed last month to give a media interview.",
        Some(("ordinal", "second", "first")),
    ),
    (
        "profit-money",
        TIME_WARNER,
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn",
        "Quarterly profits at TimeWarner jumped 76% to $1.31bn.",
        Some(("money", "$1.31bn", "$1.13bn")),
    ),
    (
        "profit-percentage",
        TIME_WARNER,
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn",
        "Quarterly profits at TimeWarner jumped 67% to $1.13bn.",
        Some(("percentage", "67%", "76%")),
    ),
    (
        "stake-percentage",
        TIME_WARNER,
        "Time Warner said on Friday that it now owns 8% of search-engine Google.",
        "Time Warner said on Friday that it now owns 18% of search-engine Google.",
        Some(("percentage", "18% of search-engine", "8% of search-engine")),
    ),
    (
        "calls-quantity",
        NO_AZURE,
        "capable of recording “millions of calls per hour.”",
        "Microsoft's Israeli office helped build a framework within Azure capable of recording up to a million calls per hour.",
        Some(("quantity", "up to a million calls per hour", "millions of calls per hour")),
    ),
    (
        "companies-quantity",
        AMNESTY,
        "The briefing also identified 15 companies contributing to these unlawful actions",
        "The briefing also identified 12 companies contributing to these unlawful actions.",
        Some(("quantity", "12 companies", "15 companies")),
    ),
    (
        "revenue-money",
        WEBPRO,
        "For Microsoft, which reported over $200 billion in revenue last fiscal year",
        "Microsoft reported $20 billion in revenue last fiscal year.",
        Some(("money", "$20 billion in revenue", "over $200 billion in revenue")),
    ),
    (
        "resolution-date",
        AMNESTY,
        "The UN General Assembly resolution of 18 September 2024 called for Israel to end its unlawful occupation within 12 months",
        "The UN General Assembly resolution of 19 September 2024 called for Israel to end its unlawful occupation within 12 months.",
        Some(("date", "19 September 2024", "18 September 2024")),
    ),
    (
        "project-year",
        WEBPRO,
        "the Israeli military initiated this ambitious project around 2021, when it faced capacity constraints",
        "The Israeli military initiated the project in 2017, when it faced capacity constraints.",
        Some(("year", "2017", "around 2021")),
    ),
    (
        "calls-rate",
        GUARDIAN,
        "collected millions of Palestinian civilian phone calls made each day in Gaza and the West Bank",
        "The surveillance system collected millions of Palestinian civilian phone calls every hour in Gaza and the West Bank.",
        Some((
            "rate",
            "millions of Palestinian civilian phone calls every hour",
            "millions of Palestinian civilian phone calls made each day",
        )),
    ),
    (
        "review-ordinal",
        NO_AZURE,
        "This is the second external review commissioned by Microsoft into its technology’s usage by the Israeli military.",
        "This is the third external review commissioned by Microsoft into its technology's usage by the Israeli military.",
        Some(("ordinal", "third", "second")),
    ),
    (
        "entirely",
        GUARDIAN,
        "cancel the unit’s access to some of its cloud storage and AI services",
        "Microsoft cut Unit 8200 off from Azure entirely.",
        Some(("quantifier", "entirely", "some")),
    ),
    (
        "all-services",
        GUARDIAN,
        "Its initial findings have now led the company to cancel the unit’s access to some of its cloud storage and AI services",
        "Its initial findings led the company to cancel the unit's access to all of its cloud storage and AI services.",
        Some(("quantifier", "all", "some")),
    ),
    (
        "found-evidence",
        NO_AZURE,
        "concluded in May with Microsoft stating “found no evidence to date” that Azure had been used to “target or harm people” in Gaza",
        "Microsoft's first review, which concluded in May, found evidence that Azure had been used to target or harm people in Gaza.",
        Some(("negation", "evidence", "no evidence")),
    ),
    (
        "has-affected",
        GUARDIAN,
        "The decision has not affected Microsoft’s wider commercial relationship with the IDF",
        "The decision has affected Microsoft's wider commercial relationship with the IDF.",
        Some(("negation", "has affected", "not affected")),
    ),
    (
        "ireland",
        GUARDIAN,
        "was held in a Microsoft datacentre in the Netherlands",
        "The repository of intercepted calls was held in a Microsoft datacentre in Ireland.",
        Some(("name", "Ireland", "Netherlands")),
    ),
    (
        "google-cloud",
        GUARDIAN,
        "Intelligence sources said Unit 8200 planned to transfer the data to the Amazon Web Services cloud platform.",
        "Intelligence sources said Unit 8200 planned to transfer the data to the Google cloud platform.",
        Some(("name", "Google", "Amazon Web Services")),
    ),
    // Faithful paraphrases.
    (
        "aged-32",
        MUBANGA,
        "Mr Mubanga, 32, from Wembley, London",
        "Martin Mubanga, aged 32, is from Wembley in London.",
        None,
    ),
    (
        "without-charge",
        MUBANGA,
        "were released without charge by UK police on their return",
        "The four freed detainees were let go without charge by UK police when they returned.",
        None,
    ),
    (
        "thirty-three-months",
        MUBANGA,
        "held in Guantanamo Bay for 33 months",
        "A British terror suspect was held in Guantanamo Bay for thirty-three months.",
        None,
    ),
    (
        "seventy-six-per-cent",
        TIME_WARNER,
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn",
        "TimeWarner's quarterly profits jumped 76 per cent to $1.13 billion.",
        None,
    ),
    (
        "two-hundred-billion-dollars",
        WEBPRO,
        "For Microsoft, which reported over $200 billion in revenue last fiscal year",
        "Microsoft reported more than 200 billion dollars in revenue last fiscal year.",
        None,
    ),
    (
        "one-million",
        WEBPRO,
        "recording and storing up to a million calls per hour",
        "The program recorded and stored up to one million calls per hour.",
        None,
    ),
    (
        "twenty-years",
        GUARDIAN,
        "we have insisted on it repeatedly for more than two decades",
        "Brad Smith wrote that Microsoft had insisted on the principle for more than twenty years.",
        None,
    ),
    (
        "did-not-affect",
        GUARDIAN,
        "The decision has not affected Microsoft’s wider commercial relationship with the IDF",
        "The decision did not affect Microsoft's wider commercial relationship with the IDF.",
        None,
    ),
    (
        "fifteen-companies",
        AMNESTY,
        "The briefing also identified 15 companies contributing to these unlawful actions",
        "Amnesty's briefing identified fifteen companies contributing to these unlawful actions.",
        None,
    ),
    (
        "september-18",
        AMNESTY,
        "The UN General Assembly resolution of 18 September 2024 called for Israel to end its unlawful occupation within 12 months",
        "The General Assembly resolution of September 18, 2024 gave Israel twelve months to end its unlawful occupation.",
        None,
    ),
    (
        "some-services",
        GUARDIAN,
        "cancel the unit’s access to some of its cloud storage and AI services",
        "Microsoft cut off Unit 8200's access to some of its cloud storage and AI services.",
        None,
    ),
    (
        "no-evidence",
        NO_AZURE,
        "concluded in May with Microsoft stating “found no evidence to date” that Azure had been used to “target or harm people” in Gaza",
        "Microsoft's first review found no evidence that Azure had been used to harm people in Gaza.",
        None,
    ),
    (
        "netherlands",
        GUARDIAN,
        "was held in a Microsoft datacentre in the Netherlands",
        "The archive of intercepted calls was kept in a Microsoft datacentre in the Netherlands.",
        None,
    ),
    (
        "2nd-review",
        NO_AZURE,
        "This is the second external review commissioned by Microsoft into its technology’s usage by the Israeli military.",
        "This is the 2nd external review Microsoft has commissioned into the Israeli military's use of its technology.",
        None,
    ),
    (
        "denied-claims",
        MUBANGA,
        "The US government denied the claims, saying it condemned and prohibited torture.",
        "The US government denied the claims and said it condemned torture.",
        None,
    ),
    (
        "around-2021",
        WEBPRO,
        "the Israeli military initiated this ambitious project around 2021, when it faced capacity constraints",
        "The Israeli military started the project in about 2021 because it faced capacity constraints.",
        None,
    ),
    (
        "calls-a-day",
        GUARDIAN,
        "collected millions of Palestinian civilian phone calls made each day in Gaza and the West Bank",
        "The system collected millions of Palestinian phone calls a day in Gaza and the West Bank.",
        None,
    ),
];

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The project of [`CASES`]: the seeds and the BBC excerpts in one sources folder.
fn project(dir: &Path) {
    let sources = dir.join("s");
    std::fs::create_dir(&sources).unwrap();
    for folder in ["seeds", "tests/fixtures/bbc"] {
        for entry in std::fs::read_dir(repo().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt") {
                std::fs::copy(&path, sources.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let mut toml = String::from("[project]\ntitle = \"Conflicts\"\nsources = \"s\"\n");
    for (id, source, quote, text, _) in CASES {
        toml.push_str(&format!(
            "\n[[claims]]\nid = \"{id}\"\ntext = {}\n\n[[claims.citations]]\nsource = \"{source}\"\nquote = {}\n",
            toml_string(text),
            toml_string(quote)
        ));
    }
    std::fs::write(dir.join("claims.toml"), toml).unwrap();
}

fn report(dir: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "0")
        .args(["report", "--format", "json", "--top", "3"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn misstatements_have_their_conflict_and_paraphrases_none() {
    let misstated = CASES.iter().filter(|c| c.4.is_some()).count();
    assert!(
        CASES.len() >= 30 && misstated * 2 >= CASES.len() - 1,
        "half and half"
    );
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let report = report(dir.path());
    let claims = report["claims"].as_array().unwrap();
    let mut failures = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for ((id, _, _, text, expected), claim) in CASES.iter().zip(claims) {
        assert_eq!(claim["id"], *id);
        let citation = &claim["citations"][0];
        assert!(
            ["exact", "normalized"].contains(&citation["status"].as_str().unwrap()),
            "{id}: the quote must hold: {citation}"
        );
        let got: Vec<(String, String, String)> = citation["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["kind"].as_str().unwrap().to_string(),
                    c["claim"].as_str().unwrap().to_string(),
                    c["source"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String, String)> = expected
            .iter()
            .map(|(k, c, s)| (k.to_string(), c.to_string(), s.to_string()))
            .collect();
        if got != want {
            failures.push(format!("{id} ({text}): got {got:?}, want {want:?}"));
        }
        if let Some((kind, _, _)) = expected {
            kinds.insert(*kind);
            let detail = citation["conflicts"][0]["detail"]
                .as_str()
                .unwrap_or("the claim says “");
            assert!(detail.starts_with("the claim says “"), "{id}: {detail}");
        }
        // A passage found by search is compared too, and never conflicts with the claim's
        // own quote when it is that quote's sentence.
        for m in claim["matches"].as_array().unwrap() {
            assert!(m["conflicts"].is_array(), "{id}: {m}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "date",
            "money",
            "name",
            "negation",
            "number",
            "ordinal",
            "percentage",
            "quantifier",
            "quantity",
            "rate",
            "year"
        ]
    );
}

#[test]
fn a_suggested_passage_that_misstates_the_claim_carries_its_conflict() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let report = report(dir.path());
    let claim = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "ireland")
        .unwrap();
    let netherlands = claim["matches"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["text"]
                .as_str()
                .unwrap()
                .contains("datacentre in the Netherlands")
        })
        .expect("search finds the Guardian's sentence");
    assert_eq!(netherlands["conflicts"][0]["kind"], "name");
    assert_eq!(netherlands["conflicts"][0]["claim"], "Ireland");
}
