"""Claims: every cue rule's own example, carried sources, and the dev-page gold set."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from newsweave.enrich.claims import ClaimRule, find_claims, load_claim_lexicon
from newsweave.enrich.scoring import score_claims, source_matches
from newsweave.enrich.sentences import load_splitter, split_sentences
from newsweave.model import Claim
from tests.conftest import shared_path

LEX = {lang: load_claim_lexicon(lang) for lang in ("de", "en")}
SPLIT = {lang: load_splitter(lang) for lang in ("de", "en")}
RULES = [(lang, rule) for lang, lex in LEX.items() for rule in lex.rules]
GOLD = Path(__file__).parent / "data" / "claims_gold.jsonl"
HELDOUT = Path(__file__).parent / "data" / "claims_gold_heldout.jsonl"
HELDOUT2 = Path(__file__).parent / "data" / "claims_gold_heldout2.jsonl"
HELDOUT3 = Path(__file__).parent / "data" / "claims_gold_heldout3.jsonl"
HELDOUT4 = Path(__file__).parent / "data" / "claims_gold_heldout4.jsonl"
HELDOUT5 = Path(__file__).parent / "data" / "claims_gold_heldout5.jsonl"


def claims(text: str, lang: str) -> tuple[Claim, ...]:
    return find_claims(text, split_sentences(text, SPLIT[lang]), LEX[lang])


@pytest.mark.parametrize(("lang", "rule"), RULES, ids=[f"{lang}-{r.name}" for lang, r in RULES])
def test_rule_example(lang: str, rule: ClaimRule) -> None:
    assert any(n in rule.example.lower() for n in rule.needle.split("|"))  # else the needle switches it off
    found = claims(rule.example, lang)
    want = rule.source or None
    assert any(c.modality == rule.modality and source_matches(want, c.source) for c in found), found


VERB_EXAMPLES = [(lang, *ex) for lang, lex in LEX.items() for ex in lex.verb_examples]


@pytest.mark.parametrize(("lang", "text", "source", "modality"), VERB_EXAMPLES)
def test_verb_example(lang: str, text: str, source: str, modality: str) -> None:
    found = claims(text, lang)
    assert any(c.modality == modality and source_matches(source, c.source) for c in found), found


def test_verb_forms_are_generated_for_every_lemma() -> None:
    for lex in LEX.values():
        lemmas = {sense.lemma for senses in lex.verbs.values() for sense in senses}
        assert {"sagen", "say"} & lemmas
        assert len(lemmas) >= 50


def test_hiess_es_takes_previous_source() -> None:
    text = "Die Agentur KCNA bestätigte die Reise. Kim werde bald reisen, hieß es."
    found = claims(text, "de")
    assert [(c.source, c.modality) for c in found] == [
        ("Die Agentur KCNA", "confirmed"),
        ("Die Agentur KCNA", "reported"),
    ]


def test_konjunktiv_continues_the_last_source() -> None:
    text = "Die Lage sei ernst, sagte die Ministerin. Es gebe keine schnelle Lösung."
    found = claims(text, "de")
    assert [c.source for c in found] == ["die Ministerin", "die Ministerin"]


def test_first_person_konjunktiv_is_not_indirect_speech() -> None:
    text = "Die Lage sei ernst, sagte die Ministerin. Ich werde das prüfen."
    assert len(claims(text, "de")) == 1


def test_english_apposition_is_skipped() -> None:
    found = claims("Jane Roe, a spokesperson for the city, confirmed the closure on Monday.", "en")
    assert (found[0].source, found[0].modality) == ("Jane Roe", "confirmed")


def test_questions_and_passives_are_not_claims() -> None:
    assert claims("What has the mayor said about the budget?", "en") == ()
    assert claims("The first two cases were confirmed on Monday.", "en") == ()


def test_content_offsets_point_into_text() -> None:
    text = "Vorab ein Satz. Die Preise steigen weiter, sagte der Verbandschef am Montag."
    (c,) = claims(text, "de")
    assert text[c.start : c.end] == c.content == "Die Preise steigen weiter"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Der Täter soll die Frau mehrfach geschlagen haben.", "unconfirmed"),
        ("Der neue Bahnhof soll im Herbst 2027 eröffnen.", "announced"),
        ("In etwa einem Monat soll das Mittel verfügbar sein.", "announced"),
        ("Der Verdächtige soll ein 35-jähriger Mann sein.", "unconfirmed"),
        ("Weniger Bürokratie und klare Regeln sollen den Markteintritt erleichtern.", None),
    ],
)
def test_soll_hearsay_plan_or_purpose(text: str, modality: str | None) -> None:
    found = claims(text, "de")
    assert [c.modality for c in found] == ([modality] if modality else [])


def test_eigene_angaben_take_the_subject() -> None:
    (c,) = claims("Der dänische Spielzeughersteller befeuert nach eigenen Angaben den Rekordtag.", "de")
    assert c.source == "Der dänische Spielzeughersteller"
    text = "Auch in Altenburg hält Vion einen Standort: Eigenen Angaben zufolge wurden dort 800 Rinder geschlachtet."
    assert [c.source for c in claims(text, "de")] == ["Vion"]


def test_object_before_the_verb_means_the_subject_follows() -> None:
    (c,) = claims("Beides weist der 42-Jährige zurück.", "de")
    assert (c.source, c.modality) == ("der 42-Jährige", "denied")


def test_name_before_an_apposition_is_the_subject() -> None:
    (c,) = claims("Anna Berg, Sprecherin der Stadtwerke, sagte dazu: Die Preise steigen nicht.", "de")
    assert c.source == "Anna Berg"
    (c,) = claims("Bobby Roe, a former ambassador to the U.K. and EU, says the plan will fail.", "en")
    assert c.source == "Bobby Roe"


def test_und_sagte_takes_the_sentence_subject() -> None:
    text = "Die Ministerin las den Bericht am Montag und sagte: Wir prüfen das."
    assert [(c.cue, c.source) for c in claims(text, "de")] == [("sagte", "Die Ministerin")]


def test_english_relative_object_clause_and_passive_cue() -> None:
    found = claims("Officials accuse the group of the attack, which Ruritania denies.", "en")
    assert [(c.source, c.modality) for c in found if c.cue == "denies"] == [("Ruritania", "denied")]
    (c,) = claims("The price has not been confirmed at this stage.", "en")
    assert (c.source, c.modality) == (None, "unconfirmed")


def test_according_to_runs_on_to_the_named_source() -> None:
    (c,) = claims("Rents rose by 12 percent, according to data from Acme Research Partners.", "en")
    assert c.source == "data from Acme Research Partners"


def test_every_hearsay_adverb_is_a_claim() -> None:
    text = "The firm reportedly cut 60 jobs and its rival reportedly cut several hundred."
    assert [c.modality for c in claims(text, "en")] == ["unconfirmed", "unconfirmed"]


def test_adverb_or_da_before_the_verb_means_the_subject_follows() -> None:
    (c,) = claims("Gebetsmühlenartig sprechen die Vereinsvertreter davon, dass alles gut werde.", "de")
    assert c.source == "die Vereinsvertreter"
    (c,) = claims("Es ist Monate her, da schrieb die Ministerin an ihre Partei, sie sei enttäuscht.", "de")
    assert c.source == "die Ministerin"


def test_soll_plan_cues_are_whole_words() -> None:
    (c,) = claims("Der Sänger soll aber bereits verheiratet sein.", "de")
    assert c.modality == "unconfirmed"  # "aber" is not "ab"


def test_german_passive_and_reflexive_participles() -> None:
    assert claims("Nach einer ersten Amtszeit wurde er für eine weitere bestätigt.", "de") == ()
    assert claims("Die Bank fühlt sich nach den Zahlen in ihrer Prognose bestätigt.", "de") == ()
    (c,) = claims("Die Zahlen wurden am Montag von der Polizei bestätigt.", "de")
    assert (c.source, c.modality) == ("der Polizei", "confirmed")


def test_gold_f1() -> None:
    dev = shared_path("bench", "extraction", "dev")
    score = score_claims(GOLD, dev, claims)
    assert score.gold >= 150
    # Measured 0.914 after the third round (docs/BENCHMARKS.md); the bar of the issue is 0.85.
    assert score.f1 >= 0.85


def test_heldout_gold_f1() -> None:
    """The second round's held-out set, tuned on in the third round."""
    dev = shared_path("bench", "extraction", "dev")
    score = score_claims(HELDOUT, dev, claims)
    assert score.gold >= 50
    # Measured 0.841 after the third round (0.615 after the second); guards against regressions.
    assert score.f1 >= 0.78


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Von A bis Z: Hier finden Sie Glaubensthemen kurz erklärt."),  # explain, no complement
        ("de", "Sie haben eine Verfügung erlassen, die Englisch zur Amtssprache erklärt, aber nichts ändert."),
        ("de", "Da wollte ich nicht einfach verschwinden, sondern noch ein paar Worte sagen."),  # modal + infinitive
        ("de", "Zudem sei festgestellt worden, dass das Virus sich vermehrt."),  # passive
        ("de", "Aber es ist ja wie gesagt kein Abschied."),  # bare participle
        ("de", "Wir verwenden Cookies, um uns mitzuteilen, wann Sie uns besuchen."),  # zu-infinitive
        ("de", "Ich danke meinen Kollegen für das Vertrauen."),  # possessive "meinen"
        ("de", "Anna Berg sagt:\n1. November 2023 um 11:54 Uhr"),  # comment header
        ("de", "Wie das Fleisch schmeckt und was unsere Tester sagen, sehen Sie im Video."),  # indirect question
        ("en", "It is too early to comment on the materials used."),  # infinitive
        ("en", "China is wary of concessions, for fear that he will demand more."),  # noun
        ("en", "The band played against the self-declared government."),  # compound
        ("en", "It offers berry, citrus and herbal notes before a tart entry."),  # noun, no complement
        ("en", "That’s why I always tell my clients to smile."),  # first person
    ],
)
def test_not_a_report(lang: str, text: str) -> None:
    assert claims(text, lang) == (), claims(text, lang)


def test_cues_inside_quotes_belong_to_the_quoted_speaker() -> None:
    text = "„Ich habe millionenfach gesagt, dass wir keine Gesetze erlassen“, sagte der Minister."
    assert [(c.cue, c.source) for c in claims(text, "de")] == [("sagte", "der Minister")]


def test_separable_particle_closes_the_clause() -> None:
    (c,) = claims("Der Staatsschutz hält fest: Die Lage ist ruhig.", "de")
    assert (c.cue, c.source) == ("hält fest", "Der Staatsschutz")
    assert claims("Die Cookies führen Funktionen aus, wie das Wiedererkennen von dir.", "de") == ()


def test_subject_noun_phrase_is_cut_by_syntax() -> None:
    (c,) = claims("Auch Jesus sagte schon: Wer ohne Sünde ist, werfe den ersten Stein.", "de")
    assert c.source == "Jesus"  # focus particle
    text = "A spokesperson who did not wish to be named said in a statement that the agency never did so."
    assert [c.source for c in claims(text, "en")] == ["A spokesperson"]  # relative clause
    (c,) = claims("Doch die „Vatican News“ verkündete die Ankunft des neuen Papstes.", "de")
    assert c.source is not None and "Vatican News" in c.source  # quoted name
    (c,) = claims("Der Start hängt laut der am Montag veröffentlichten Pressemitteilung vom Wetter ab.", "de")
    assert c.source == "Pressemitteilung"  # extended attribute
    (c,) = claims("„Ich freue mich“, so der neue Präsident Rainer de Meijer nach seiner Wahl.", "de")
    assert source_matches("Rainer de Meijer", c.source)


def test_postposed_reporting_clause_and_relative_object() -> None:
    (c,) = claims("In Kyiv one person was killed, the state emergency service reported.", "en")
    assert (c.cue, c.source) == ("reported", "the state emergency service")
    (c,) = claims("It has 151 PS, which Nissan claims is an improvement.", "en")
    assert c.source == "Nissan"


def test_one_reporting_verb_per_clause_and_coordinated_verbs() -> None:
    found = claims("The label has denied Swift’s claims, saying they were false.", "en")
    assert [c.cue for c in found] == ["denied"]
    found = claims("The office said the deaths were caused by gunshots and called on the government to act.", "en")
    assert [(c.cue, c.source) for c in found] == [("said", "The office"), ("called on", "The office")]


def test_soll_verb_final_and_coordinated() -> None:
    assert claims("Er will ein Angebot machen, das billiger sein soll als alle anderen.", "de") == ()
    assert claims("Die Akte soll diesen Herausforderungen begegnen und bildet das Kernthema.", "de") == ()
    assert claims("Dadurch sollen Kunden Sendungen in HD empfangen.", "de") == ()


def test_verb_forms_file_is_current() -> None:
    import subprocess
    import sys

    tool = Path(__file__).parent.parent / "tools" / "build_claim_verbs.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_konjunktiv_of_any_verb_continues_the_source_across_furniture() -> None:
    text = "Die Lage sei ernst, sagte die Ministerin.\n\nFoto: dpa\n\nDas Land verkaufe seine Reserven nicht."
    found = claims(text, "de")
    assert [(c.cue, c.source) for c in found] == [("sagte", "die Ministerin"), ("verkaufe", "die Ministerin")]


def test_more_reporting_forms() -> None:
    (c,) = claims("The suspect is said to have fled the country.", "en")
    assert (c.source, c.modality) == (None, "unconfirmed")
    text = "“We are joining,” Nathaniel Pieper, senior vice president of fleet, finances and alliances at Alaska, said."
    assert [c.source for c in claims(text, "en")] == ["Nathaniel Pieper"]
    (c,) = claims("Saturday’s peak demand, according to Mr. Marcus, reached 44,947 megawatts.", "en")
    assert c.source == "Mr. Marcus"
    assert claims("Related posts:\nHow to bake bread", "en") == ()


def test_imperatives_embedded_beliefs_and_adverb_openers() -> None:
    text = "Die Lage sei ernst, sagte die Ministerin. Bitte aktiviere JavaScript in deinem Browser."
    assert [c.cue for c in claims(text, "de")] == ["sagte"]  # an imperative, not Konjunktiv I
    text = "Teamchef Frederic Vasseur sagte im Dezember, er glaube, dass dies gut werde."
    assert [c.cue for c in claims(text, "de")] == ["sagte"]  # his indirect speech, no second claim
    (c,) = claims("Darin warnen die Forscher vor einem neuen Virus.", "de")
    assert c.source == "die Forscher"
    (c,) = claims("2013 warnten andere Wissenschaftler vor dem Risiko.", "de")
    assert c.source == "andere Wissenschaftler"


def test_english_inversion_object_relatives_and_naming() -> None:
    (c,) = claims("The equator is drier than the poles, said study co-author Anna Solo.", "en")
    assert c.source == "study co-author Anna Solo"
    (c,) = claims("The ads run on billboards in which actors say they use meth.", "en")
    assert c.source == "actors"
    assert claims("The ads run on billboards in which people say they use meth.", "en") == ()  # a crowd
    assert claims("Such damage, called pulmonary fibrosis, is permanent.", "en") == ()
    (c,) = claims("WASHINGTON (Reuters) - Scientists on Monday unveiled the first map of Titan.", "en")
    assert source_matches("Scientists", c.source) and c.modality == "announced"
    found = claims("Mayer, Disney’s chairman of direct-to-consumer and international, said it went well.", "en")
    assert [c.source for c in found] == ["Mayer"]


@pytest.mark.parametrize(
    "text",
    [
        "Um die Registrierung abzuschließen, bestätigen Sie den Link in der E-Mail.",  # formal imperative
        "So schreiben alle Banken vor, dass die Kreditnehmer in Deutschland wohnen.",  # vorschreiben
        "Schau dir die Diskussion an oder kommentiere einfach im Formular.",  # addressing the reader
        "Echt jetzt: ich soll ein Motorrad kaufen, um die Reifen zu befüllen.",  # the author's duty
        "Wer Inhalte verwenden möchte, soll mich bitte vorher fragen.",  # a request
        "* Was das hier soll\n* Impressum",  # a menu line
        "Im Vertrag ist festgehalten, dass der Anbieter dem Kunden ein Nutzungsrecht einräumt.",  # grant
    ],
)
def test_not_a_report_de(text: str) -> None:
    assert claims(text, "de") == (), claims(text, "de")


def test_regular_konjunktiv_needs_a_subject_beside_it() -> None:
    text = "Die Lage sei ernst, sagte die Ministerin. Es entstand eine süße Paraphrase der Geschichte."
    assert [c.cue for c in claims(text, "de")] == ["sagte"]


def test_english_clause_openers_and_names_ending_in_ly() -> None:
    (c,) = claims('"Prices go up," Lovely said.', "en")
    assert c.source == "Lovely"  # a name, not an adverb
    (c,) = claims("He received a fine as the police officer who made the arrest said he was tired.", "en")
    assert c.source == "the police officer"
    (c,) = claims('"We are largely on track," Menear continued.', "en")
    assert c.source == "Menear"


def test_english_participles_in_subjects_and_questions() -> None:
    (c,) = claims("In the town, concerned residents said the road was unsafe.", "en")
    assert c.source == "concerned residents"  # an adjective, not a verb
    assert claims("This is the year that Apple cancelled its project first announced in 2017.", "en") == ()
    assert claims("Did she say MELAS?!", "en") == ()


def test_german_forefield_is_one_constituent() -> None:
    (c,) = claims("Völlig unerwartet verkündete er die Suspendierung des Parlaments.", "de")
    assert c.source == "er"
    (c,) = claims("Per Dekret verkündete der Präsident die Verlängerung.", "de")
    assert c.source == "der Präsident"
    assert claims("Eine Politik, die vorsichtig gesagt das Gegenteil ist.", "de") == ()  # bare participle


def test_impersonal_and_hearsay_forms() -> None:
    text = "Die Gespräche seien gescheitert, sagte der Minister. Eine Einigung gebe es nicht, wie es heißt."
    assert [c.source for c in claims(text, "de")] == ["der Minister", "der Minister"]
    (c,) = claims("It is understood that the deal will be signed on Monday.", "en")
    assert (c.source, c.modality) == (None, "unconfirmed")
    (c,) = claims("Nach Informationen des Spiegels plant die Regierung eine Reform.", "de")
    assert c.source == "Spiegels"


def test_complement_in_the_verbs_own_clause_and_adverbial_participles() -> None:
    assert claims("Yet fires have continued, showing that enforcement is a problem.", "en") == ()
    found = claims("It will be achieved with parks such as a recently announced solar project.", "en")
    assert all(c.cue != "announced" for c in found), found  # "a recently announced" is an adjective


def test_reflexives_and_casualty_counts_are_no_reports() -> None:
    assert claims("Schwerer Unfall fordert zwei Tote.", "de") == ()
    assert claims("Die Polizei meldete sich am Abend bei den Eltern.", "de") == ()
    assert claims("The ministry reported cases in three provinces.", "en") == ()


def test_prepositional_phrase_is_no_subject_and_contradict_is_no_denial() -> None:
    assert claims("Deadline: 15. März\nzum Kalender hinzufügen", "de") == ()
    assert claims("Die Klausel widerspricht dem Gleichbehandlungsgesetz.", "de") == ()


def test_coordinated_verb_after_a_year_takes_the_subject() -> None:
    (c,) = claims("2013 ging er nach Berlin und sagte dort, die Energiewende sei wichtig.", "de")
    assert c.source == "er"
    # Round 5: "berichtete über Energiethemen" names a topic, no content (guidelines: teasers).
    assert claims("2013 ging er nach Berlin und berichtete von dort über Energiethemen.", "de") == ()


def test_quoted_questions_and_refusals_to_confirm() -> None:
    (c,) = claims('Harry is said to have answered with five words: "Do you want to see them?"', "en")
    assert c.modality == "unconfirmed"  # the question is quoted, the sentence is not one
    (c,) = claims("The minister would not confirm whether the ministry is aware of it.", "en")
    assert (c.source, c.modality) == ("The minister", "unconfirmed")


def test_other_senses_attributive_hearsay_and_plans() -> None:
    assert claims("Die Kosten bestreitet der Verein aus Spenden.", "de") == ()
    assert claims("Das Gericht wies den Antrag zurück.", "de") == ()
    (c,) = claims("Die Polizei sucht den angeblichen Täter.", "de")
    assert (c.source, c.modality) == (None, "unconfirmed")
    (c,) = claims("Police arrested the alleged ringleader on Monday.", "en")
    assert c.modality == "unconfirmed"
    (c,) = claims("Apple plans to release a new laptop next year.", "en")
    assert (c.source, c.modality) == ("Apple", "announced")
    assert claims("The company has no plans to leave.", "en") == ()


def test_commitment_of_the_speaker_is_an_announcement() -> None:
    (c,) = claims("The airline told reporters at a press conference that it will expand in 2021.", "en")
    assert c.modality == "announced"
    (c,) = claims("Trump said the US would leave the deal.", "en")
    assert c.modality == "reported"  # not the speaker's own act
    (c,) = claims("She said she would not run again.", "en")
    assert c.modality == "reported"


def test_a_named_speakers_belief_is_reported() -> None:
    (c,) = claims("Der Trainer denkt, dass die Mannschaft gewinnen kann.", "de")
    assert (c.source, c.modality) == ("Der Trainer", "reported")
    (c,) = claims("The coach thinks that the team can win.", "en")
    assert (c.source, c.modality) == ("The coach", "reported")
    assert claims("Some think that the plan will fail.", "en") == ()  # a crowd


# Each round's held-out set (written by another annotator) and its regression floor: (file, fewest gold
# claims, floor, history; all figures in docs/BENCHMARKS.md, "Claims").
HELDOUT_GUARDS = [
    (HELDOUT2, 130, 0.85, "0.718 held out (third round), 0.834 tuned on in the fourth, 0.881 after the fifth"),
    (HELDOUT3, 0, 0.90, "0.730 held out (fourth round), 0.936 tuned on in the fifth"),
    (HELDOUT4, 0, 0.84, "0.747 held out (fifth round), 0.876 tuned on in the sixth"),
    # Never tuned on: an aggregate guard only, so that a later round that tunes on it says so here.
    (HELDOUT5, 120, 0.72, "0.739 at the sixth round's freeze (0.698 at session 3's start)"),
]


@pytest.mark.parametrize(
    ("path", "min_gold", "floor", "history"), HELDOUT_GUARDS, ids=lambda v: getattr(v, "stem", None)
)
def test_heldout_round_f1(path: Path, min_gold: int, floor: float, history: str) -> None:
    """A held-out set's aggregate F1 stays at or above its floor (guards against regressions)."""
    if not path.exists():
        pytest.skip(f"{path.name} not present")
    if path == HELDOUT5:
        shared_path("bench", "stories", "dev", "docs.jsonl")  # its cases are stories docs; skips when absent
    score = score_claims(path, shared_path("bench", "extraction", "dev"), claims)
    assert score.gold >= min_gold
    assert score.f1 >= floor, history


def test_fourth_round_grammar_rules() -> None:
    # English keeps subject-verb order after a fronted adverbial without a comma.
    (c,) = claims("In September 2019 Bill Maher suggested that shaming should make a comeback.", "en")
    assert (c.source, c.modality) == ("Bill Maher", "reported")
    (c,) = claims("This week the company announced it had improved its drives.", "en")
    assert (c.source, c.modality) == ("the company", "announced")
    (c,) = claims("On Monday Trump said it was fine.", "en")
    assert c.source == "Trump"
    # A participle clause of saying takes the main clause's subject, unless that clause reports.
    (c,) = claims("Prof Steve West, a vice-chancellor, backs this up, saying that most of it is practical.", "en")
    assert (c.source, c.modality) == ("Prof Steve West", "reported")
    # "are to be" + participle after a reporting verb is an arrangement.
    (c,) = claims("He also added that the penalties for repeat offenders are to be increased.", "en")
    assert (c.source, c.modality) == ("He", "announced")
    # "soll" + present infinitive of an act is an arrangement; of a state, hearsay.
    (c,) = claims("Besucher sollen in einem neuen Empfangsgebäude den Weg beginnen.", "de")
    assert (c.source, c.modality) == (None, "announced")
    (c,) = claims("Der Unternehmer soll sehr krank sein.", "de")
    assert c.modality == "unconfirmed"
    # "Aus/Von X hieß es": X is the source; "als es hieß" is impersonal hearsay too.
    (c,) = claims("Aus dem Ministerium hieß es, man prüfe den Fall.", "de")
    assert (c.source, c.modality) == ("Ministerium", "reported")
    (c,) = claims("Der Bürgermeister stand unter Beschuss, als es hieß, er habe gelogen.", "de")
    assert (c.source, c.cue) == (None, "als es hieß")


def test_fourth_round_carry_coordination_and_particles() -> None:
    # A coordinated verb takes the nearest earlier cue's subject, not the sentence's first one.
    found = claims("China said it is committed, while the police deny accusations and say they show restraint.", "en")
    assert [(c.cue, c.source) for c in found if c.cue == "say"] == [("say", "the police")]
    # A carried name outlives the pronoun that refers back to it.
    found = claims("Trommer sagte, es gehe voran. Er betonte, man arbeite daran. Das Projekt sei wichtig.", "de")
    assert found[-1].source == "Trommer"
    # "aber" right after the verb is a modal particle: the separable particle still closes the clause.
    (c,) = claims("Jansen stellt aber auch klar: „Man braucht Zeit.“", "de")
    assert (c.source, c.cue) == ("Jansen", "stellt klar")
    assert claims("Er sagte ab und ging.", "de") == ()
    # "-gemäß" adverbs open a sentence before an inverted subject; "soll … kosten" is hearsay.
    (c,) = claims("Sinngemäß sagt Wodarg: Da freuen sich die Virologen.", "de")
    assert c.source == "Wodarg"
    (c,) = claims("Das Handy soll 999 Euro kosten.", "de")
    assert c.modality == "unconfirmed"


def test_hearsay_adverb_in_another_clause_is_its_own_claim() -> None:
    found = claims("Three men were arrested for allegedly running the ring, federal authorities announced.", "en")
    assert sorted((c.source, c.modality) for c in found if c.source is None) == [(None, "unconfirmed")]
    assert ("federal authorities", "announced") in [(c.source, c.modality) for c in found]
    # With a source preposition it stays one claim, of that source.
    (c,) = claims("A video allegedly showed the officers asleep, according to court documents.", "en")
    assert (c.source, c.modality) == ("court documents", "unconfirmed")


def test_organisations_announce_in_their_own_voice_and_progressives() -> None:
    (c,) = claims("On day two of the conference, we announced a new security lab.", "en")
    assert (c.source, c.modality) == ("we", "announced")
    assert claims("We said it was fine.", "en") == ()  # the author's voice
    (c,) = claims("That's why today we are announcing a new browsing mode.", "en")
    assert (c.source, c.cue, c.modality) == ("we", "are announcing", "announced")
    (c,) = claims("Experts are warning that prices will rise.", "en")
    assert (c.source, c.modality) == ("Experts", "reported")
    assert claims("The sign was warning drivers.", "en") == ()


def test_zero_that_complement_and_dash_parenthesis() -> None:
    (c,) = claims("And he thinks none of these problems will have disappeared by next term.", "en")
    assert (c.source, c.modality) == ("he", "reported")
    assert claims("He added salt to the soup.", "en") == ()
    (c,) = claims("Andy Beshear — whose father was governor — promised to protect Medicaid.", "en")
    assert (c.source, c.modality) == ("Andy Beshear", "announced")


def test_appositions_with_places_titles_and_descriptions() -> None:
    (c,) = claims(
        "Fellow protester, mechanical engineer Richard Weir, 60, from Tynemouth, North Tyneside, said: “Yes.”", "en"
    )
    assert c.source == "mechanical engineer Richard Weir"
    (c,) = claims("'It is rare,' Chad Hawk, vice president of PMG, a grading company in Florida told Fox.", "en")
    assert c.source == "Chad Hawk"
    (c,) = claims("At a briefing, the minister said he was fine.", "en")
    assert c.source == "the minister"


def test_relative_source_prepositions_and_subordinate_after() -> None:
    found = claims(
        "Das bestätigt eine britische Studie, laut der die Menschen nach Weihnachten am meisten wiegen.", "de"
    )
    assert ("britische Studie", "reported") in [(c.source, c.modality) for c in found]
    (c,) = claims("Im Jahr 2020 kursierte eine Studie, derzufolge Apple ein Auto baue.", "de")
    assert c.source == "eine Studie"
    (c,) = claims("Diese Meldung ist noch nicht in allen Details bestätigt.", "de")
    assert c.modality == "unconfirmed"
    (c,) = claims("Goals were set out by firms after President Donald Trump announced his decision.", "en")
    assert (c.source, c.modality) == ("President Donald Trump", "announced")


def test_von_seite_hiess_es_in_running_text_and_evidence_that_confirms() -> None:
    text = "Eine Quelle dementierte das. Von anderer Seite hieß es, es liefen Gespräche."
    assert claims(text, "de")[-1].source == "anderer Seite"
    assert claims("To start, it confirms recent polling on impeachment.", "en") == ()
    (c,) = claims("The company confirms the sale.", "en")
    assert (c.source, c.modality) == ("The company", "confirmed")


def test_besagen_and_time_adverb_openers() -> None:
    (c,) = claims("Aktuell besagen einige Gerüchte, dass Apple die Notch entfernt.", "de")
    assert (c.source, c.modality) == ("einige Gerüchte", "unconfirmed")  # rumours: hearsay
    (c,) = claims("Das Gesetz besagt, dass alle zahlen müssen.", "de")
    assert (c.source, c.modality) == ("Das Gesetz", "reported")


def test_soll_of_advice_to_the_reader() -> None:
    assert claims("Euer Baby soll in seinem eigenen Tempo die Welt entdecken.", "de") == ()
    (c,) = claims("Sein Baby soll die Welt entdeckt haben.", "de")
    assert c.modality == "unconfirmed"


def test_participle_of_saying_after_a_preposition() -> None:
    found = claims("India has moved to punish Pakistan after accusing it of backing the attack.", "en")
    assert [(c.source, c.modality) for c in found] == [("India", "reported")]
    (c,) = claims("He won the race by insisting that he was fast.", "en")
    assert c.source == "He"


def test_possessive_statements_and_announcements() -> None:
    text = "Despite Mr. Trump’s Oct. 11 announcement that a deal was reached, nothing was signed."
    (c,) = claims(text, "en")
    assert (c.source, c.modality) == ("Mr. Trump", "announced")
    (c,) = claims("Apple’s statement that the phone is safe was questioned.", "en")
    assert (c.source, c.modality) == ("Apple", "reported")


def test_other_senses_of_bestreiten_by_object() -> None:
    assert claims("Seinen Lebensunterhalt bestreitet er mithilfe von Zuwendungen.", "de") == ()
    (c,) = claims("Der Minister bestreitet die Vorwürfe.", "de")
    assert c.modality == "denied"


def test_a_rule_match_running_over_a_headline_keeps_the_next_sentence_s_cue() -> None:
    headline = "So geht es weiter\n"
    sentence = "Die Polizei geht davon aus, dass der Täter über die Grenze geflohen ist."
    alone = [(c.cue, c.source, c.modality) for c in claims(sentence, "de")]
    after = [(c.cue, c.source, c.modality) for c in claims(headline + sentence, "de")]
    assert alone and after == alone


def test_fifth_round_impersonal_passives_and_postposed_nouns() -> None:
    # An impersonal passive of a reporting verb is hearsay without a source; a cited pledge is a plan.
    (c,) = claims("Back then, it was reported that over 5,000 people came to every game.", "en")
    assert (c.source, c.modality) == (None, "unconfirmed")
    (c,) = claims("The line opened late, as was promised when the plan won approval.", "en")
    assert (c.source, c.modality) == (None, "announced")
    # "states" is a verb after the reported part and its comma, not elsewhere.
    (c,) = claims("Consent must be upheld for fair partnerships, the paper states.", "en")
    assert (c.source, c.modality) == ("the paper", "reported")
    assert claims("The paper states are listed below.", "en") == ()


def test_fifth_round_english_verbs_with_complements_and_inversion() -> None:
    (c,) = claims("Some senators worry that the trial will interfere with the campaign.", "en")
    assert (c.source, c.modality) == ("Some senators", "reported")
    (c,) = claims("Board members questioned whether the money was enough.", "en")
    assert c.source == "Board members"
    assert claims("Police questioned the suspect for hours.", "en") == ()
    # An order is no claim: "urged countries to remain vigilant"; "urged that …" reports.
    assert claims("The director urged countries to remain vigilant.", "en") == ()
    # Inverted subject after the content, ending at a bracket or a clause of its own.
    text = "Nobody can ignore the risk of new waves, warns Health Agency (HA) Director Jane Roe as she spoke."
    found = claims(text, "en")
    assert [(c.cue, c.modality) for c in found] == [("warns", "reported")]
    assert source_matches("Health Agency (HA) Director Jane Roe|Roe", found[0].source)
    # "citing" and "by warning X against" report for the main clause.
    (c,) = claims("The firm canceled its order two months later, citing internal issues.", "en")
    assert c.modality == "reported"
    (c,) = claims("The former mayor joined the race by warning voters against new taxes.", "en")
    assert (c.source, c.cue) == ("The former mayor", "by warning")
    # A coordinated main clause before it gives the subject.
    (c,) = claims("NASA awarded orders to three firms, but Orbit canceled its order, citing internal issues.", "en")
    assert c.source == "Orbit"


def test_fifth_round_german_passives_hearsay_adjectives_and_modals() -> None:
    (c,) = claims("Dass das zu Misserfolgen führt, wird uns immer wieder bestätigt.", "de")
    assert (c.source, c.modality) == (None, "confirmed")
    (c,) = claims("Nach wie vor bestätigt ist die Messe im August in Köln.", "de")
    assert (c.source, c.modality) == (None, "confirmed")
    assert claims("In Bayern ist ein erster Patient bestätigt.", "de") == ()  # clinical
    (c,) = claims("Der Bericht wurde von der Polizei bestätigt.", "de")
    assert (c.source, c.modality) == ("der Polizei", "confirmed")
    (c,) = claims("Der mutmaßliche Dieb sitzt in Haft.", "de")
    assert (c.source, c.modality) == (None, "unconfirmed")
    # "aufrufen": the particle closes the clause.
    (c,) = claims("Mit Verweis auf die Lage ruft die Bischöfin alle Gemeinden dazu auf, zu helfen.", "de")
    assert (c.source, c.cue) == ("die Bischöfin", "ruft auf")
    assert claims("Er schreibt die Zahlen auf.", "de") == ()
    # An infinitive of saying under a Konjunktiv-I modal is indirect speech of the carried speaker.
    text = "Verbandschef Anton Huber sagte: „Das reicht nicht.“ Die Regierung müsse etwa sagen, wie es weitergehe."
    assert [(c.cue, c.source) for c in claims(text, "de")][-1] == ("müsse", "Verbandschef Anton Huber")
    # "soll es sein": a norm or an aim, no hearsay.
    assert claims("Gesund soll es sein und fair produziert.", "de") == ()
    assert claims("Das Ziel soll es sein, einen Plan zu erstellen.", "de") == ()


def test_fifth_round_sources_named_reports_and_merged_plans() -> None:
    # Abbreviation periods do not end an apposition ("from Nov. 13 through …").
    text = (
        "Transit chief Ann Lee, who was suspended for making transit free from Nov. 13 on, pledged that it would work."
    )
    (c,) = claims(text, "en")
    assert (c.source, c.modality) == ("Transit chief Ann Lee", "announced")
    # A named outlet's report is reported, an unnamed one hearsay; unnamed sources after "according to".
    (c,) = claims("According to a report in the Daily Planet, the mayor launched the campaign.", "en")
    assert (c.source, c.modality) == ("a report in the Daily Planet", "reported")
    (c,) = claims("Prices rose, according to local news reports.", "en")
    assert c.modality == "unconfirmed"
    (c,) = claims("Laut einem Bericht der Morgenpost ist er zurückgetreten.", "de")
    assert c.modality == "reported"
    # A subject's plan reported by a source preposition is one claim, the source's.
    (c,) = claims("Apple plans to release a laptop in 2020, according to industry sources cited by a paper.", "en")
    assert (c.cue.strip(), c.modality) == ("according to", "unconfirmed")
    # "according to" of manner is no source; a bare plural subject opens a complement.
    assert claims("You can flavour it with many things according to taste.", "en") == ()
    (c,) = claims("The union claims universities have created a pool of low-paid staff.", "en")
    assert (c.source, c.modality) == ("The union", "reported")


def test_fifth_round_german_forefield_postpositions_and_questions() -> None:
    # A prepositional forefield, however long, puts the subject after the verb.
    (c,) = claims("Mit Verweis auf den Lockdown und die Impfpflicht ruft die Bischöfin alle dazu auf, zu helfen.", "de")
    assert c.source == "die Bischöfin"
    # "auf Nachfrage" between the verb and an inverted name is skipped.
    (c,) = claims("„Das Verfahren läuft“, erklärt auf Nachfrage Martin Roth aus der Pressestelle.", "de")
    assert c.source == "Martin Roth"
    # "zufolge" after an apposition and a footnote mark; "als erwartet" is a comparison.
    (c,) = claims("Einer Umfrage von Afrobarometer, einem Netzwerk, zufolge (1) ist die Mehrheit dafür.", "de")
    assert c.source == "Einer Umfrage von Afrobarometer"
    assert claims("Das Netz stößt schneller als erwartet an seine Grenzen.", "de") == ()
    # A question after a colon is the object; the clause before it still holds a claim.
    (c,) = claims("Im Jahr 2027 soll die Ausstellung Antworten geben auf die Frage: Wie leben wir?", "de")
    assert (c.source, c.modality) == (None, "announced")
    assert claims("Er fragte: Was sagt die Regierung?", "de") == ()


def test_fifth_round_senses_citations_and_participles_after_nouns() -> None:
    # An object relative has its own subject, even after "in <Place>".
    found = claims(
        "India moved to punish Pakistan after accusing it of backing the attack in Kashmir, which Islamabad denies.",
        "en",
    )
    assert ("Islamabad", "denied") in [(c.source, c.modality) for c in found]
    # "tell" in another sense; "told reporters the plan was dead" reports.
    assert claims("He told the truth about the threat.", "en") == ()
    (c,) = claims("The minister told reporters on Monday the plan was dead.", "en")
    assert c.source == "The minister"
    # An announcement cited without its agent.
    (c,) = claims("Wie bereits angekündigt, schließt das Werk im Mai.", "de")
    assert (c.source, c.modality) == (None, "announced")
    (c,) = claims("As previously announced, the plant will close.", "en")
    assert (c.source, c.modality) == (None, "announced")
    assert claims("Die Rezession wird laut Definition nach zwei Quartalen festgestellt.", "de") == ()
    # A participle after a noun with adverbials before the clause's own verb is no announcement.
    assert claims("The daily rise in deaths announced in New York state on Friday was 777.", "en") == ()
    assert claims("The budget deal announced Wednesday by Republican leaders was set to pass.", "en") == ()
    (c,) = claims("The company announced on Monday the plant was closing.", "en")
    assert (c.source, c.modality) == ("The company", "announced")


def test_fifth_round_quoted_speaker_gives_the_modality() -> None:
    (c,) = claims("“We deny all these allegations,” the company said.", "en")
    assert (c.source, c.modality) == ("the company", "denied")
    (c,) = claims("„Ich kann bestätigen, dass er festgenommen wurde“, sagte der Sprecher.", "de")
    assert (c.source, c.modality) == ("der Sprecher", "confirmed")
    (c,) = claims("“We cannot confirm that,” the company said.", "en")
    assert c.modality == "reported"
    (c,) = claims("Wir bestreiten das, sagte er.", "de")  # not quoted: no quoted speaker's words
    assert c.modality == "reported"


def test_fifth_round_participle_chains_and_labels() -> None:
    text = "But last night, the Government hit back by branding the letter 'misleading' and insisting: 'We are right.'"
    found = claims(text, "en")
    assert [(c.source, c.cue) for c in found] == [
        ("the Government", "by branding"),
        ("the Government", "and insisting"),
    ]
    (c,) = claims("The mayor resigned on Friday, calling the vote “a disgrace”.", "en")
    assert (c.source, c.modality) == ("The mayor", "reported")
    assert claims("He went home and saying goodbye was hard.", "en") == ()


def test_fifth_round_german_audit_fixes() -> None:
    """Errors found by reading predictions on unlabelled German news sentences (no gold set)."""
    # A focus particle opens no subject; a short bracket after a name belongs to it.
    (c,) = claims("Allein das Bankhaus Emilia hat nach eigenen Angaben 400 Laibe eingelagert.", "de")
    assert c.source == "das Bankhaus Emilia"
    (c,) = claims("Auch Bildungsminister Hans Muster (CDU) berichtete von einer „breiten Zustimmung“.", "de")
    assert c.source == "Bildungsminister Hans Muster"
    # A number ends a name; "jedoch/allerdings" are no subjects; a coordinated verb takes the pronoun.
    (c,) = claims("Der Tempel war nach Angaben der Archäologen 60 Meter lang.", "de")
    assert c.source == "Archäologen"
    (c,) = claims("Er glaubt an sein Team, warnt allerdings vor zu viel Sicherheit.", "de")
    assert c.source == "Er"
    assert claims("Der 68-Jährige nannte die Ziele, sagte jedoch nichts zu Maßnahmen.", "de") == ()
    (c,) = claims("Unabhängige Experten hätten jedoch bestätigt, dass das Pulver einwandfrei gewesen sei.", "de")
    assert c.source == "Unabhängige Experten"
    # "berichtet über X" announces a topic, unless speech follows.
    assert claims("Der Fahrer berichtet über den Schauplatz des nächsten Rennens.", "de") == ()
    assert claims("Über die Gründe berichtet Anna Muster in ihrem Gastbeitrag.", "de") == ()
    (c,) = claims("Der Trainer berichtete nach Spielende über die Lage: „Es sah nicht schlimm aus.“", "de")
    assert c.source == "Der Trainer"
    # An apposed name is the source of "Der Präsident des Verbands, X, sagte".
    (c,) = claims("Der Präsident des Verbands, Max Muster, sagte zu der Strategie: „Papier ist geduldig.“", "de")
    assert c.source == "Max Muster"
    # First person singular verbs are the speaker's narration; a trailing "es" is no part of a source;
    # "zumindest" stands between verb and subject; a fronted "Das" is the reported content.
    (c,) = claims("Seit Jahren sammle ich Dokumente, schreibe Briefe, renne von Amt zu Amt, sagt sie.", "de")
    assert (c.cue, c.source) == ("sagt", "sie")
    (c,) = claims("Er dürfe nicht weiter gehen, als die EU es fordere.", "de")
    assert c.source == "die EU"
    (c,) = claims("Das erklärte zumindest die Stadträtin Eva Roth in der Sitzung.", "de")
    assert c.source == "die Stadträtin Eva Roth"


def test_fifth_round_labels_and_phrasal_particles() -> None:
    (c,) = claims("Aviation analysts called it the “end of an era”.", "en")
    assert (c.source, c.modality) == ("Aviation analysts", "reported")
    assert claims("They called him on Monday.", "en") == ()  # a time, not "call on"
    (c,) = claims("Union leaders called on the government to act.", "en")
    assert c.source == "Union leaders"


def test_fifth_round_english_audit_fixes() -> None:
    """From reading predictions on unlabelled English sentences: a contracted pronoun opens the
    content, not an inverted subject; a negated auxiliary is no part of the source."""
    (c,) = claims("Congressman Max Roe, who pleaded guilty to tax evasion, says he'll resign Jan. 5.", "en")
    assert c.source == "Congressman Max Roe"
    (c,) = claims("The senator, who was re-elected, says she’s leaving in May.", "en")
    assert c.source == "The senator"
    (c,) = claims("He didn't say the report would be published.", "en")
    assert c.source == "He"  # (round 6: "didn't say when …" is no claim at all)


def test_fifth_round_german_labels_and_extended_attributes() -> None:
    (c,) = claims("Kritiker, die hinter die Fassade blicken, entlarven den Begriff als Vorwand.", "de")
    assert (c.source, c.modality) == ("Kritiker", "reported")
    assert claims("Das Gebiet wird als Naturschutzgebiet bezeichnet.", "de") == ()
    assert claims("Man bezeichnet ihn als Vater der Physik.", "de") == ()
    text = "Eine in Bonn an der Universität und am Institut von Eva Roth entwickelte Theorie sagt voraus, dass es geht."
    (c,) = claims(text, "de")
    assert (c.source, c.cue) == ("Theorie", "sagt voraus")


def test_fifth_round_speech_event_names_the_konjunktiv_speaker() -> None:
    text = "Vor Monaten schrieb Anna Muster einen langen Brief an ihre Partei. Die Jahre seien „intensiv“ gewesen."
    found = claims(text, "de")
    assert [(c.cue, c.source) for c in found] == [("seien", "Anna Muster")]
    assert claims("Sie schrieb einen Brief. Die Jahre waren intensiv.", "de") == ()
    # Third audit: a dative addressee after a name or before a quoted title; an object pronoun
    # before the inverted subject; "sollen für X stehen" is a meaning, no claim.
    (c,) = claims("Er sei geschlagen worden, sagte der Mann der „Mittelbayerischen Zeitung“.", "de")
    assert c.source == "der Mann"
    (c,) = claims("Das sagte Vorstandschef Anton Alt der „Financial Times Deutschland“.", "de")
    assert c.source == "Vorstandschef Anton Alt"
    (c,) = claims("„Gut“, sagte der Präsident der Deutschen Bank.", "de")
    assert c.source == "der Präsident der Deutschen Bank"
    (c,) = claims("„Wir haben einen Neubeginn“, zitiert ihn die Zeitung.", "de")
    assert c.source == "die Zeitung"
    assert claims("Die neun Streifen sollen für die neun Silben des Mottos stehen.", "de") == ()
    # A stative passive in the past: "informiert waren" reports nothing.
    assert claims("Ob die Nachfolger über die Aktion informiert waren, ist noch unklar.", "de") == ()
    # A medium addressed in the dative after a one-word name.
    (c,) = claims("„Das reicht nicht“, sagt Eymer der Zeitung.", "de")
    assert c.source == "Eymer"


def test_fifth_round_commitment_of_the_speakers_organisation() -> None:
    text = "The chief, meanwhile, told reporters that the airline — the largest carrier — will expand again in 2021."
    (c,) = claims(text, "en")
    assert (c.source, c.modality) == ("The chief", "announced")
    (c,) = claims("The minister said the economy will grow.", "en")
    assert c.modality == "reported"  # a forecast, not a commitment


def test_fifth_round_attributive_hearsay_beside_a_source_preposition() -> None:
    text = (
        "Two men and the alleged ringleader, 41, of Cambridge — who are not related — are charged, according to police."
    )
    found = sorted((c.source, c.modality) for c in claims(text, "en") if c.source)
    assert found == [("police", "reported")]
    assert (None, "unconfirmed") in [(c.source, c.modality) for c in claims(text, "en")]
    # The adverb stays one claim with the preposition.
    (c,) = claims("A video allegedly showed the officers asleep, according to court documents.", "en")
    assert (c.source, c.modality) == ("court documents", "unconfirmed")


def test_fifth_round_auffordern_and_old_spelling() -> None:
    (c,) = claims("Fraktionsvize Carl Thiele forderte jetzt die Regierung auf, sich zu äußern.", "de")
    assert (c.source, c.cue) == ("Fraktionsvize Carl Thiele", "forderte auf")
    (c,) = claims("Der Minister schrieb, daß die Lage ernst ist.", "de")  # old spelling "daß"
    assert c.source == "Der Minister"


def test_sixth_round_trailing_source_after_content() -> None:
    # A clause before a sentence-final "X said" is the content, not a name to skip back to.
    text = "The plane landed at the airport at 6am, an airport official said."
    (c,) = claims(text, "en")
    assert c.source == "an airport official"
    (c,) = claims("Smith, a spokesman, said it works.", "en")
    assert c.source == "Smith"  # an apposition before content stays skipped
    # "US" in capitals is the country, not the pronoun "us".
    (c,) = claims("Two soldiers died, the US military said in a statement on Wednesday.", "en")
    assert c.source == "the US military"
    # A parenthesis between spaced hyphens: the subject before it.
    (c,) = claims("The council - which has rejected the plan twice - said it would appeal.", "en")
    assert c.source == "The council"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Auch im Urlaub kann, darf und soll man Spaß haben.", None),  # generic "man": a norm
        ("Der Zuckergehalt der Früchte soll möglichst niedrig sein.", None),
        ("Unsere Brötchen sollen frisch und günstig sein.", None),  # the writer's own aim
        ("Der Gedenktag soll an die Opfer der Flut erinnern.", None),  # a purpose
        ("Versicherte sollen selbst entscheiden können, wer die Daten sieht.", "announced"),  # a plan
        ("Dort soll man den Täter gesehen haben.", "unconfirmed"),  # a perfect infinitive stays hearsay
    ],
)
def test_sixth_round_soll_norms_and_capabilities(text: str, modality: str | None) -> None:
    assert [c.modality for c in claims(text, "de")] == ([modality] if modality else [])
    # Plain "zeigen" is no purpose verb: a photo said to show something stays a claim.
    assert len(claims("Das Foto soll beide Modelle nebeneinander zeigen.", "de")) == 1


def test_sixth_round_opinion_prepositions_loud_and_unnamed_media() -> None:
    (c,) = claims("Die Preise sind nach Ansicht von Experten viel zu hoch.", "de")
    assert (c.source, c.modality) == ("Experten", "reported")
    (c,) = claims("Nach Einschätzung der Feuerwehr war es Brandstiftung.", "de")
    assert c.source == "Feuerwehr"
    assert claims("Nach Ansicht vieler ist das falsch.", "de") == ()  # no named holder
    # "laut" as the adverb "loud".
    assert claims("Stell dir vor, wie das Publikum dir laut zujubelt.", "de") == ()
    assert claims("Er rief laut und deutlich nach Hilfe.", "de") == ()
    # Unnamed media are hearsay; a named outlet and a compound noun are not.
    (c,) = claims("Wie einige Medien berichten, ist der Trainer entlassen.", "de")
    assert (c.source, c.modality) == ("einige Medien", "unconfirmed")
    (c,) = claims("Wie die Funke-Medien berichten, ist der Trainer entlassen.", "de")
    assert c.modality == "reported"
    (c,) = claims("Medienanwalt Jan Berg sagte, das sei falsch.", "de")
    assert c.modality == "reported"


def test_sixth_round_heisst_es_idiom_brackets_and_subject_relatives() -> None:
    # "Jetzt heißt es …": "it is time to", no hearsay; a reporting adverb after it stays one.
    assert claims("Jetzt heißt es schnell sein: Die Tickets sind fast weg.", "de") == ()
    assert claims("Nun hieß es abwarten.", "de") == ()
    (c,) = claims("Er sei krank, hieß es hingegen.", "de")
    assert c.cue == "hieß es"
    # A longer reference bracket after a name.
    (c,) = claims("Anna Roth (»Neue Zeitung« 12/2023) befürchtet, es könne schlimmer werden.", "de")
    assert c.source == "Anna Roth"
    # A subject relative pronoun stands for the noun before it.
    (c,) = claims("Er traf den Minister, der bestätigte, dass der Plan steht.", "de")
    assert (c.source, c.modality) == ("den Minister", "confirmed")
    assert claims("Er nannte drei Punkte, die erklärten Ziele der Partei.", "de") == ()


def test_sixth_round_negated_open_questions_and_negated_expectations() -> None:
    (c,) = claims("The firm says the car is a preview, but it didn’t say when it will go on sale.", "en")
    assert c.source == "The firm"  # the negated "say when" adds no claim
    assert claims("Police did not say how many people were hurt.", "en") == ()
    (c,) = claims("Police said how many people were hurt was unclear.", "en")
    assert c.source == "Police"
    (c,) = claims("The new model isn’t expected until next year.", "en")
    assert (c.source, c.modality) == (None, "unconfirmed")


def test_sixth_round_german_speech_tags_audit() -> None:
    """From reading predictions on unlabelled German news sentences (round 6)."""
    # A past tense after a comma is a speech tag, not the first person of the "ich" before it.
    (c,) = claims("Das kann ich gut verstehen, sagte Anna Roth.", "de")
    assert c.source == "Anna Roth"
    assert claims("Seit Jahren sammle ich Dokumente, schreibe Briefe an Behörden.", "de") == ()
    # A short bracket inside the clause does not end it before the separable particle.
    (c,) = claims("Das Beben sei stark gewesen, teilte die Erdbebenwarte (USGS) mit.", "de")
    assert (c.source, c.cue) == ("die Erdbebenwarte", "teilte mit")
    (c,) = claims("Der Verband (VDA) kündigte am Montag (8.) an, dass die Werke schließen.", "de")
    assert (c.source, c.modality) == ("Der Verband", "announced")


def test_sixth_round_german_set_phrases_and_insurance() -> None:
    # "wie erwartet/gefordert" right before the verb is the writer's set phrase.
    assert claims("Die Aktie legt wie erwartet kräftig zu.", "de") == ()
    assert claims("Die Firmen haben wie gefordert bis Montag reagiert.", "de") == ()
    (c,) = claims("Wie die Agentur berichtet, ist der Minister krank.", "de")
    assert c.source == "die Agentur"
    # "versichert gegen": insured, no assurance.
    assert claims("Der Verein war gegen den Ausfall des Spielers versichert.", "de") == ()
    (c,) = claims("Er versicherte, dass er gegen den Plan sei.", "de")
    assert c.source == "Er"


def test_sixth_round_english_dev_audit() -> None:
    """From reading predictions on English dev-page bodies outside the gold sentences (round 6)."""
    # Initialisms keep their periods inside a phrase.
    text = "“It is bad,” Jane Roe, the U.S. attorney for the Southern District, said in a news release."
    (c,) = claims(text, "en")
    assert c.source == "Jane Roe"
    # Only a speech tag ends the sentence with its source: "a deal announced at …" is no claim.
    assert claims("Coty acquired a stake in the brand, a deal announced at the start of the week.", "en") == ()
    # "since" opens a clause.
    (c,) = claims("It is the first summit since the president announced that the country would leave.", "en")
    assert c.source == "the president"


def test_sixth_round_heisst_es_auf_der_internetseite() -> None:
    (c,) = claims("Man sei führend in der Branche, heißt es auf der Internetseite des Unternehmens.", "de")
    assert c.source == "der Internetseite des Unternehmens"
    (c,) = claims("Er sei krank, heißt es auf dem Land.", "de")
    assert c.source is None  # not a website


def test_sixth_round_declaring_fuer() -> None:
    (c,) = claims("Die Behörde erklärte die Nutzung wenige Tage später für unzulässig.", "de")
    assert (c.source, c.modality) == ("Die Behörde", "reported")
    assert claims("Er erklärte das für alle.", "de") == ()  # no predicative adjective


def test_sixth_round_rumours_and_back_references() -> None:
    text = "Zuletzt machten Berichte die Runde, nach denen der Konzern plant, einen Händler zu kaufen (LZ berichtete)."
    (c,) = claims(text, "de")  # one rumour: the plan is its content, the bracket a back-reference
    assert (c.source, c.modality) == (None, "unconfirmed")
    (c,) = claims("Es gab Berichte, wonach der Trainer gehen muss.", "de")
    assert c.modality == "unconfirmed"
    (c,) = claims("Der Konzern plant, das Werk zu schließen.", "de")
    assert (c.source, c.modality) == ("Der Konzern", "announced")


def test_sixth_round_auxiliary_ends_the_coordinated_subject() -> None:
    (c,) = claims("The army did not reveal the location and said it was withholding the names.", "en")
    assert (c.source, c.cue) == ("The army", "said")
    (c,) = claims("It did not reveal the location and said it was withholding the names.", "en")
    assert (c.source, c.cue) == ("It", "said")


def test_sixth_round_gerund_clause_is_no_speaker() -> None:
    assert claims("Spending so much time on a tool, which was rare, suggests that tar was widely used.", "en") == ()
    (c,) = claims("The claims are false, leading experts said.", "en")
    assert c.source == "leading experts"


def test_sixth_round_inferred_assumption_is_the_writers() -> None:
    assert claims("Damals gingen die Planer offenbar davon aus, dass es reichen würde.", "de") == ()
    (c,) = claims("Der Experte geht davon aus, dass der Stein groß war.", "de")
    assert c.source == "Der Experte"


def test_sixth_round_reported_hearing() -> None:
    (c,) = claims("A journalist in the area also reported hearing gunfire near the depot.", "en")
    assert c.source == "A journalist in the area"
    assert claims("The firm reported losses.", "en") == ()


def test_sixth_round_relative_antecedent_after_a_verb() -> None:
    (c,) = claims("Das Team traf Walt Disney, der sagte: „Wer träumt, gewinnt.“", "de")
    assert c.source == "Walt Disney"


def test_sixth_round_initialism_before_a_new_sentence() -> None:
    text = "Mexico buys more steel than it sells to the U.S. He rejected the claim that it was dumping."
    (c,) = [c for c in claims(text, "en") if c.cue == "rejected the claim"]
    assert c.source == "He"  # not the words before "U.S."


def _bounded(text: str, lang: str) -> tuple[Claim, ...]:
    """``claims`` with a 20-second alarm: catastrophic backtracking fails instead of hanging CI."""

    def stop(*_: object) -> None:
        raise AssertionError("claims did not finish: exponential or quadratic regex on this input")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    try:
        return claims(text, lang)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_adversarial_sentences_end() -> None:
    # Review of session 3: a reduced relative's adverbials ("… this this …"), a hyphen chain before
    # "lautet", a run of focus particles (was a RecursionError), whitespace before a speech tag.
    assert len(_bounded("The rise announced in the X" + " this" * 60 + " x.", "en")) == 1
    assert len(_bounded("The rise announced in the X" + " Monday" * 60 + " x.", "en")) == 1
    assert _bounded("Die Aussage " + "a-" * 900 + "a lautet: „Wir bleiben.“", "de") == ()
    (c,) = _bounded("allein " * 250 + "das Bankhaus hat gesagt, es sei gut.", "de")
    assert c.cue == "gesagt"
    assert len(_bounded("The plane landed, an official said in" + " " * 1900 + ",", "en")) == 1


def test_run_on_sentences_are_not_read() -> None:
    # A page without punctuation makes one "sentence" of megabytes; the clause rules are skipped there.
    assert _bounded("Er sagte, " + "das " * 20_000 + "sei gut.", "de") == ()
    assert claims("Er sagte, das sei gut.", "de")[0].source == "Er"
