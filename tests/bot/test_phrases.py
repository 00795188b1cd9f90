"""The deterministic safety net: phrase rules in every language's list."""
from __future__ import annotations

import pytest

from bot.safeguards.phrases import compile_phrase, load_phrase_lists


@pytest.fixture(scope="module")
def phrases():  # noqa: ANN201
    return load_phrase_lists()


@pytest.mark.parametrize("text", [
    "he's outside the door with a knife", "HES OUTSIDE MY HOUSE", "he is banging on the door",
    "hes going to kill me", "he's trying to break in", "help he's here",
    "3am yekser el bab hala2, ana w el wlad bel 7ammam",  # Arabizi
])
def test_danger_fires(phrases, text: str) -> None:  # noqa: ANN001
    assert phrases.first_match("danger", text)


@pytest.mark.parametrize("text", [
    "i don't want to live anymore", "i want to kill myself", "im suicidal", "i've been cutting myself",
    "ma 3ad badde 3ish, kel shi t3ab", "bfakker a5od kel el 7obob el leile",  # Arabizi
])
def test_crisis_fires(phrases, text: str) -> None:  # noqa: ANN001
    assert phrases.first_match("crisis", text)


@pytest.mark.parametrize("text", [
    "council ko aakhri khat likh diya rent ke liye",  # a letter to the council, not a goodbye
    "mehndi ka rang is baar zyada gehra aaya",  # henna came out darker this time
    "lighter se chulha jala liya aur khana banaya",  # lit the stove
    "naye ghar shift hone se pehle saara saaman baant diya",  # moving house
    "mere jaane ke baad behen bachon ko sambhal legi, pakistan ja rahi hoon do hafte",  # a trip
    "aaj office mein sab ko khuda hafiz kaha, last day thi",  # leaving a job
])
def test_everyday_urdu_and_hindi_are_not_crisis(phrases, text: str) -> None:  # noqa: ANN001
    assert phrases.first_match("crisis", text) is None


@pytest.mark.parametrize("text", [
    "he hit me last year", "the police came last night", "i left him in march",
    "how do i report a crime", "my husband controls my money", "i want to know my rights",
    "he always says he'll kill me if I ever leave him. how do I plan to leave safely?",
    "woh hamesha kehta hai chhodogi to jaan se maar dega, main chupke se nikalna chahti hoon",
    "वो हमेशा कहता है छोड़ा तो जान से मार देगा, मैं प्लान बना रही हूँ",
    "ও সবসময় বলে আমি ওকে ছেড়ে গেলে আমাকে মেরে ফেলবে",
    "Πάντα λέει ότι αν τον αφήσω θα με σκοτώσει. Είναι αυτό έγκλημα;",
    "e hamesha kahe che ke jo hu chhodi ne jais to mane maari naakhse",
    "Kocam boşanırsam beni öldürecek diyor, avukat lazım",
    "Anh ta lúc nào cũng dọa nếu em bỏ đi sẽ giết em",
    "救命啊这道数学题太难了", "我躲在厕所里刷手机，不想开会", "他在门口等我，我们去看电影",
    "seedhiyon pe kisi ke qadmon ki awaz hai, shayad padosi aaye hain",
    "bathroom mein chupi hoon, meeting nahi attend karni lol",
    "woh darwaze pe mera intezar kar raha hai, hum movie dekhne ja rahe hain",
    "bachao yaar ye math ka sawal bohat mushkil hai",
])
def test_past_conditional_or_everyday_talk_is_not_danger(phrases, text: str) -> None:  # noqa: ANN001
    assert phrases.first_match("danger", text) is None


@pytest.mark.parametrize(("text", "is_alarm"), [
    ("الحقوني شو اعمل", True),  # a bare plea with "what do I do" is still a plea
    ("انقذوني ماذا افعل", True),
    ("جوزي بياخذ راتبي كل شهر ويسبني، الحقوني شو اعمل", False),  # closing a story of ongoing abuse
    ("ابوي يجبرني اتزوج ابن عمي الصيف الجاي، انقذوني شو لازم اعمل", False),  # next summer
])
def test_a_plea_is_danger_unless_it_closes_a_story_of_ongoing_abuse(
        phrases, text: str, is_alarm: bool) -> None:  # noqa: ANN001
    assert bool(phrases.first_match("danger", text)) is is_alarm


def test_exit_is_whole_message_only_and_never_stop(phrases) -> None:  # noqa: ANN001
    assert phrases.is_exit("EXIT") and phrases.is_exit(" exit! ")
    assert not phrases.is_exit("i want to exit the building")
    assert not phrases.is_exit("STOP")


def test_every_language_has_danger_crisis_and_exit_lists() -> None:
    from bot.language import LANGUAGES
    from bot.safeguards.phrases import PHRASES_DIR
    import yaml
    for language in LANGUAGES:
        data = yaml.safe_load((PHRASES_DIR / f"{language}.yml").read_text(encoding="utf-8"))
        assert data["danger"] and data["crisis"] and data["exit"], language


def test_phrase_syntax() -> None:
    assert compile_phrase("kill*").search("killing")
    assert compile_phrase("outside ... door").search("outside my front door")
    assert not compile_phrase("outside ... door").search("outside a b c d e f g h door")
    assert compile_phrase("he's here").search("hes here")
    assert not compile_phrase("end").search("friend")
    assert compile_phrase("^ hes here $").search("hes here")
    assert not compile_phrase("^ hes here $").search("hes here tomorrow")
    assert not compile_phrase("^ hes here").search("i think hes here")
    assert compile_phrase("^他来了$").search("他来了")
    assert not compile_phrase("^他来了$").search("他来了吗你说")


def test_the_index_finds_every_phrase_a_full_scan_finds() -> None:
    from bot.safeguards.phrases import Phrase, PhraseIndex
    from bot.text import normalise
    texts = ["please help he is outside with a knife", "kill* me", "^ hes here $", "他...刀",
             "... going to kill", "^ وہ آ گیا ہے $", "thinking about ending it", "please help",
             "帮我打999", "帮我", "我打你", "打我", "party...锁", "锁门"]  # Han characters commoner than "9"
    index = PhraseIndex([Phrase(text, order) for order, text in enumerate(texts)])
    messages = ["Please help, he is outside with a knife!", "he's here", "他拿着刀", "killing me",
                "they are going to kill me", "وہ آ گیا ہے", "hes here now", "thinking about it",
                "please help me", "快帮我打999", "在party被锁在房间"]
    for message in messages:
        folded = normalise(message)
        squeezed = folded.replace(" ", "")
        full_scan = next((p.text for p in index.phrases if p.fires_on(folded, squeezed)), None)
        assert index.first_match(message) == full_scan, message


def test_an_unless_phrase_stops_a_phrase_firing(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "bn.yml").write_text(
        "danger: [hes outside]\n"
        "crisis:\n  - phrase: morte ichha kore\n    unless: [morte ichha kore na, 想死你]\n"
        "  - phrase: 想死\n    unless: [想死你]\n"
        "exit: [bari]\n", encoding="utf-8")
    lists = load_phrase_lists(tmp_path)
    assert lists.first_match("crisis", "amar morte ichha kore") == "morte ichha kore"
    assert lists.first_match("crisis", "amar morte ichha kore na, kintu bhoy lage") is None
    assert lists.first_match("crisis", "我真的想死") == "想死"
    assert lists.first_match("crisis", "妈妈我想死你了") is None
    assert lists.first_match("danger", "hes outside") == "hes outside"
