"""Cleaning keeps every article sentence verbatim and drops the page furniture around it."""

from __future__ import annotations

import pathlib

import pytest

from polon.ingest.clean import Cleaned, clean_html, clean_scraped_text

SEEDS = pathlib.Path(__file__).resolve().parents[2] / "polon" / "examples"
NV_SEED = SEEDS / "000_d73107fb2a416f50.txt"
KI_SEED = SEEDS / "003_9316b3fbb6d58c58.txt"


def _clean_seed(path: pathlib.Path) -> Cleaned:
    return clean_scraped_text(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nv() -> Cleaned:
    return _clean_seed(NV_SEED)


@pytest.fixture(scope="module")
def ki() -> Cleaned:
    return _clean_seed(KI_SEED)


NV_SENTENCES = [
    "A general from Russia’s Main Intelligence Directorate (GRU) promised security guarantees and "
    "quick release from captivity for the Mariupol defenders before their Azovstal surrender in "
    "May 2022, Konstantyn Kozhekin, an Azov Battalion officer released from the captivity, "
    "revealed in an interview with BBC Ukraine published on Dec. 17.",
    'The Azov’s Battalion commander, Lt. Col. Denys Prokopenko, call sign "Redis," had the letter '
    "promising release within three to four months at the time of the surrender.",
    "It was signed by Lieutenant General Vladimir Alekseev, the first deputy head of Russia's GRU, "
    "but was taken away during the initial interrogation.",
    '"Our commander had a letter signed by Vladimir Alekseev at the time of our capture.',
    'It was no guarantee, because the Russian side easily violates any agreements," Kozhekin said.',
    "What is known about Mariupol defenders in captivity?",
    "After two months of urban warfare with the Russian invasion forces, the defenders of Mariupol "
    "were surrounded at the Azovstal Steelworks with a limited supply of medicines, food, drinking "
    "water and ammunition.",
    "They left the plant and surrendered on May 16, 2022 by the order of the General Staff, with "
    "the aim of saving their lives.",
    "The evacuation was mediated by the International Committee of the Red Cross, which recorded "
    "the personal data of the Ukrainian military, and the UN.",
    "The Ukrainian soldiers were taken to a medical facility in occupied Novoazovsk, as well as to "
    "the territory of the penal colony #120 in occupied Olenivka, Donetsk Oblast.",
    "Deputy Defense Minister Hanna Malyar said there was no other way to rescue the heroes from "
    "Azovstal.",
    "Ukrainian President Volodymyr Zelenskyy said on June 6, 2022 that more than 2,500 Mariupol "
    "defenders were in Russian captivity.",
    "A total of 2,449 defenders left the territory of Azovstal.",
    "Ukraine conducted on Sept. 21, 2022 one of the largest prisoners-of-war swaps since the "
    "beginning of the Russian full-scale invasion.",
    "At that time 215 people were returned home, including 188 Mariupol defenders.",
    "Five Azov commanders were exchanged for 55 Russian service members, on condition that they "
    "would be sent to exile in Turkey until the end of the full-scale invasion.",
    "However, they were released and travelled back to Ukraine with Ukrainian President Volodymyr "
    "Zelenskyy after the Ukrainian head of state visited Turkey on July 8.",
    "Russia then accused Ukraine and Turkey of violating the terms of the prisoner exchange deal.",
    "Some of the Azovstal defenders have remained in captivity for almost 20 months.",
    "Russia is holding a total of 3,574 Ukrainian servicemen in captivity, including more than 700 "
    "Azov servicemen, the Reintegration Ministry says.",
    "There has been no major prisoner exchange for more than four months.",
]

NV_BOILERPLATE = [
    "Russian GRU General promised Azov Battalion security guarantees before Azovstal surrender",
    "The ruins of Azovstal after the battles for Mariupol, May 2022",
    "Read also: Azov commanders held in closed security facility in Turkey — Prokopenko's wife",
    "Azov commanders held in closed security facility in Turkey",
    "Read also: US unaware of Erdogan’s decision to release Azovstal commanders – Biden advisor",
    "Read also: Azov fighter hugs Hasidic pilgrim in Uman during Rosh Hashanah celebrations — "
    "Photo of the Week",
    '<span class="copyright">CNN</span>',
    "CNN",
    "We’re bringing the voice of Ukraine to the world.",
    "Support us with a one-time donation, or become a Patron!",
    "Read the original article on The New Voice of Ukraine",
    "Read also",
]

KI_SENTENCES = [
    "Russian military intelligence attempted to enlist members of the Azov Regiment, the defenders "
    "of the Azovstal plant in Mariupol, according to Bohdan Krotevych, the regiment's chief "
    "executive officer.",
    "It happened after they were released from captivity.",
    'The Russians told them they\'d fight "against the U.S. and the West," but Azov soldiers '
    "refused, Krotevych said on Oct. 6.",
    "On Sept. 28, Kyrylo Budanov, the head of Ukraine's military intelligence, said Ukraine "
    "continues negotiating with Russia for an all-for-all prisoner exchange.",
    "According to Deputy Prime Minister Iryna Vereshchuk, Russia keeps 2,500 Ukrainian POWs as of "
    "Sept. 25.",
    "On Sept. 21, Russia released 215 prisoners of war, including 108 members of the Azov "
    "Regiment, which is part of Ukraine's National Guard.",
]

KI_BOILERPLATE = [
    "Skip to content",
    "Edit post",
    "Azov senior officer: Russian intelligence tried to recruit Azov soldiers to 'fight against "
    "US, West'",
    "by The Kyiv Independent news desk",
    "3:33 PM",
    "1 min read",
    "This audio is created with AI assistance",
    "Support independent journalism in Ukraine.",
    "Join us in this fight.",
    "Become a member",
    "Support us just once",
    "Ukraine returns 215 POWs, including Azovstal defenders, from Russian captivity",
    "Freedom can be costly.",
    "Support us for as little as $1",
    "visa masterCard americanExpress",
    "News Feed",
    "Ukraine Daily",
    "News from Ukraine in your inbox",
    "Ukraine news",
    "Please, enter correct email address",
    "MORE NEWS",
    "Editors' Picks",
    "Enter your email to subscribe",
    "Subscribe",
    "* indicates required",
    "Successfuly subscribed",
    "Thank you for signing up for this newsletter.",
    "We’ve sent you a confirmation email.",
]


@pytest.mark.parametrize("sentence", NV_SENTENCES)
def test_nv_seed_keeps_every_article_sentence_verbatim(nv: Cleaned, sentence: str) -> None:
    assert sentence in nv.text


@pytest.mark.parametrize("sentence", KI_SENTENCES)
def test_ki_seed_keeps_every_article_sentence_verbatim(ki: Cleaned, sentence: str) -> None:
    assert sentence in ki.text


@pytest.mark.parametrize("fragment", NV_BOILERPLATE)
def test_nv_seed_drops_boilerplate(nv: Cleaned, fragment: str) -> None:
    assert fragment not in nv.text


@pytest.mark.parametrize("fragment", KI_BOILERPLATE)
def test_ki_seed_drops_boilerplate(ki: Cleaned, fragment: str) -> None:
    assert fragment not in ki.text


@pytest.mark.parametrize(
    ("seed", "sentences"), [(NV_SEED, NV_SENTENCES), (KI_SEED, KI_SENTENCES)], ids=["nv", "ki"]
)
def test_seed_text_is_only_the_article(seed: pathlib.Path, sentences: list[str]) -> None:
    """Nothing but the listed sentences (and the space between them) is left."""
    remainder = _clean_seed(seed).text
    for sentence in sentences:
        remainder = remainder.replace(sentence, "", 1)
    assert remainder.strip() == ""


@pytest.mark.parametrize("seed", [NV_SEED, KI_SEED], ids=["nv", "ki"])
def test_paragraphs_are_source_lines_separated_by_one_blank_line(seed: pathlib.Path) -> None:
    source_lines = set(seed.read_text(encoding="utf-8").splitlines())
    paragraphs = _clean_seed(seed).text.split("\n\n")
    assert all(p and "\n" not in p and p in source_lines for p in paragraphs)


def test_nv_seed_metadata(nv: Cleaned) -> None:
    assert nv.title == (
        "Russian GRU General promised Azov Battalion security guarantees before Azovstal surrender"
    )
    assert nv.publisher == "The New Voice of Ukraine"
    assert nv.author is None
    assert nv.published_text is None
    assert nv.url is None


def test_ki_seed_metadata(ki: Cleaned) -> None:
    assert ki.title == (
        "Azov senior officer: Russian intelligence tried to recruit Azov soldiers to "
        "'fight against US, West'"
    )
    assert ki.author == "The Kyiv Independent news desk"
    assert ki.publisher == "The Kyiv Independent"
    assert ki.published_text == "October 6, 2022"


OTHER_SITE = """\
Swap brings home sixty defenders of the southern front

Home | World | War | Opinion
By Mykola Hrytsenko | Feb. 3, 2024
Morning Digest
Get our daily briefing delivered straight to you.
Sign up for our free newsletter and receive the top stories every morning.
Your email address
By signing up you agree to our Terms of Use and Privacy Policy.
Thanks for subscribing!
Please check your inbox to confirm.

Sixty defenders of the southern front came home on Saturday, the coordination office said.

The released include:
Petro Levchuk, a marine sergeant
Andrii Sobko, a border guard

"We will bring everyone home. Join us in this fight," the ombudsman told reporters.

See also: Families of the missing gather in Lviv
Donate to keep our reporting free. Every contribution counts!
Share this article: Facebook Twitter Telegram
Advertisement
© 2024 Southern Courier. All rights reserved.
"""


def test_other_sites_newsletter_and_appeals_go_too() -> None:
    cleaned = clean_scraped_text(OTHER_SITE)
    assert cleaned.text == (
        "Sixty defenders of the southern front came home on Saturday, the coordination office "
        "said.\n\n"
        "The released include:\n\n"
        "Petro Levchuk, a marine sergeant\n\n"
        "Andrii Sobko, a border guard\n\n"
        '"We will bring everyone home. Join us in this fight," the ombudsman told reporters.'
    )
    assert cleaned.title == "Swap brings home sixty defenders of the southern front"
    assert cleaned.author == "Mykola Hrytsenko"
    assert cleaned.published_text == "Feb. 3, 2024"


STATEMENT = (
    "Another 38 of our people are home today, among them two medics who had been held since "
    "the spring of 2022. We will keep working until every prisoner returns to Ukraine."
)


def test_statement_style_post_is_kept_whole() -> None:
    cleaned = clean_scraped_text(STATEMENT + "\n")
    assert cleaned.text == STATEMENT
    assert cleaned.title is None


def test_statement_in_two_paragraphs_keeps_both() -> None:
    first, second = STATEMENT.split(". ", 1)
    cleaned = clean_scraped_text(f"{first}.\n\n{second}")
    assert cleaned.text == f"{first}.\n\n{second}"


def test_immediately_repeated_line_is_a_caption_and_goes_entirely() -> None:
    text = (
        "Exchange on the border\n\n"
        "Soldiers stand beside a bus at dawn.\n"
        "Soldiers stand beside a bus at dawn.\n\n"
        "Twenty soldiers came home on Friday.\n"
    )
    assert clean_scraped_text(text).text == "Twenty soldiers came home on Friday."


def test_later_repeat_of_a_sentence_is_dropped_but_first_copy_kept() -> None:
    text = (
        "Ten people were freed on Monday.\n\n"
        "Officials confirmed it.\n\n"
        "Ten people were freed on Monday.\n"
    )
    assert clean_scraped_text(text).text == (
        "Ten people were freed on Monday.\n\nOfficials confirmed it."
    )


HTML_PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Forty soldiers come home in overnight swap | Steppe Herald</title>
<meta property="og:site_name" content="Steppe Herald">
<meta property="og:title" content="Forty soldiers come home in overnight swap">
<meta name="author" content="Olena Marchuk">
<meta property="article:published_time" content="2023-03-14T08:30:00+02:00">
<link rel="canonical" href="https://herald.example.org/news/forty-soldiers-home">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/war">War</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/about">About us</a></li>
</ul></nav></header>
<main><article>
<h1>Forty soldiers come home in overnight swap</h1>
<p class="byline">By Olena Marchuk, March 14, 2023</p>
<p>Forty Ukrainian soldiers returned from Russian custody early on Tuesday in a swap brokered
by a third country, the coordination office for prisoners said in a morning statement.</p>
<figure><img src="/img/bus.jpg" alt="a bus">
<figcaption>Freed soldiers step off a bus near the border crossing.
<span class="copyright">Photo: Press Service</span></figcaption></figure>
<p>Among those released were twelve marines captured during the defence of a coastal town,
officials said. Most of them had spent more than a year in a detention centre in the south of
Russia.</p>
<div class="newsletter-box"><h3>Get the morning briefing</h3>
<p>Sign up to receive our top stories in your inbox every day.</p>
<form><input type="email" placeholder="Your email"><button>Subscribe</button></form></div>
<p>In return, Ukraine handed over thirty-eight Russian service members, according to the
office. Families of those still held were asked to keep submitting requests through the
official hotline.</p>
<p class="image-credit">Credit: Herald archive</p>
</article></main>
<footer><p>© 2023 Steppe Herald. All rights reserved.</p>
<ul><li><a href="/privacy">Privacy policy</a></li><li><a href="/contact">Contact</a></li></ul>
</footer>
</body>
</html>
"""

HTML_KEPT = [
    "Forty Ukrainian soldiers returned from Russian custody early on Tuesday",
    "the coordination office for prisoners said in a morning statement.",
    "Among those released were twelve marines captured during the defence of a coastal town",
    "Most of them had spent more than a year in a detention centre",
    "In return, Ukraine handed over thirty-eight Russian service members",
    "official hotline.",
]

HTML_DROPPED = [
    "Home",
    "Politics",
    "About us",
    "By Olena Marchuk",
    "Freed soldiers step off a bus",
    "Photo: Press Service",
    "Get the morning briefing",
    "Sign up",
    "inbox",
    "Subscribe",
    "Credit: Herald archive",
    "All rights reserved",
    "Privacy policy",
    "Contact",
    "Forty soldiers come home in overnight swap",
]


@pytest.fixture(scope="module")
def page() -> Cleaned:
    return clean_html(HTML_PAGE)


@pytest.mark.parametrize("fragment", HTML_KEPT)
def test_html_keeps_main_text(page: Cleaned, fragment: str) -> None:
    assert fragment in page.text


@pytest.mark.parametrize("fragment", HTML_DROPPED)
def test_html_drops_navigation_captions_newsletter_footer(page: Cleaned, fragment: str) -> None:
    assert fragment not in page.text


def test_html_paragraphs_separated_by_one_blank_line(page: Cleaned) -> None:
    assert len(page.text.split("\n\n")) == 3


def test_html_metadata_from_title_and_meta_tags(page: Cleaned) -> None:
    assert page.title == "Forty soldiers come home in overnight swap"
    assert page.publisher == "Steppe Herald"
    assert page.author == "Olena Marchuk"
    assert page.published_text == "2023-03-14"
    assert page.url == "https://herald.example.org/news/forty-soldiers-home"


def test_html_without_article_gives_empty_text() -> None:
    assert clean_html("<html><body><nav><a href='/'>Home</a></nav></body></html>").text == ""


TITLE_ONLY_PAGE = """\
<html><head><title>Twelve medics freed from Olenivka - Dnipro Daily</title>
<meta name="date" content="2023-05-02"></head>
<body><div class="content">
<p>Twelve army medics were freed from the camp in Olenivka on Tuesday, the ombudsman said.
Their families had waited almost a year for news of them.</p>
<p>Talks on the next exchange continue, according to the coordination office.</p>
</div></body></html>
"""


def test_html_site_name_from_title_tag_when_no_site_meta() -> None:
    cleaned = clean_html(TITLE_ONLY_PAGE)
    assert cleaned.title == "Twelve medics freed from Olenivka"
    assert cleaned.publisher == "Dnipro Daily"
    assert cleaned.published_text == "2023-05-02"
    assert cleaned.text.endswith("according to the coordination office.")


@pytest.mark.parametrize(
    "line",
    [
        'Read also: Ombudsman: "We will return everyone."',
        "Read more: Families of the missing meet in Kyiv today.",
        "Related: Exchange talks resume in Istanbul.",
        "Photo: Press service of the Coordination Headquarters.",
        "Sign up for our morning briefing and never miss a story!",
        "Help us keep reporting from the front line. Every donation matters.",
        "Our newsroom depends on readers. Please consider a monthly contribution.",
        "Читайте також: Омбудсман розповів про обмін полоненими.",
        "Підпишіться на наш канал, щоб не пропустити новини.",
    ],
)
def test_furniture_with_sentence_punctuation_is_dropped(line: str) -> None:
    article = "Nine medics were freed on Friday, the ombudsman said."
    assert clean_scraped_text(f"{article}\n\n{line}\n").text == article


@pytest.mark.parametrize(
    "line",
    [
        '"Join us in this fight. Support our soldiers," the commander told the crowd.',
        "Support for an all-for-all exchange has grown, the survey found.",
        "By the end of May, 2,449 defenders had left the plant.",
        "Subsequently, 40 more were transferred to Taganrog.",
        "The families wrote to the coordination office by e-mail and by post.",
        "Where are the rest of the defenders held?",
        "He said: “Read also the list of the released, it is on our website.”",
        "Сьогодні додому повернулися ще 38 захисників.",
    ],
)
def test_prose_that_resembles_furniture_is_kept(line: str) -> None:
    article = "Nine medics were freed on Friday, the ombudsman said."
    assert clean_scraped_text(f"{article}\n\n{line}\n").text == f"{article}\n\n{line}"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Mon, Jan. 6, 2025, 9:14 a.m.", "Jan. 6, 2025"),
        ("Sat 29 Jul 2023 06.00 BST", "29 Jul 2023"),
        ("October 3, 2025, 10:20 | Author: Oksana Hrebeniuk | 👁 1 204", "October 3, 2025"),
    ],
)
def test_date_lines_with_weekday_clock_and_trailing_fields(line: str, date: str) -> None:
    cleaned = clean_scraped_text(f"Swap brings home forty\n\n{line}\n\nForty soldiers came home.")
    assert cleaned.published_text == date
    assert line not in cleaned.text
