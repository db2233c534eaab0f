"""Words a page uses for its own interface, per language: the headings that introduce other
stories, and the lines that are interface wherever they stand.

These are phrases of a language, not of a site: a heading such as "Lesen Sie auch" or
"یہ بھی پڑھیں" introduces a list of other articles on any site that writes in that language.
"""

from __future__ import annotations

import re

# Lines that introduce a list of other articles; what follows them is not this article.
RELATED_HEADINGS: dict[str, tuple[str, ...]] = {
    "ar": (
        "مقالات ذات صلة",
        "[اإ]قر[أا] [اأ]يض[اً]+",
        "أخبار متعلقة",
        "[اأ]خبار ذات صلة",
        "مواضيع ذات صلة",
        "موضوعات ذات صلة",
        "ذات صلة",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "الأكثر تداولا",
        "شاهد أيضا",
        "[اإ]قر[أا] المزيد",
        "قد يهمك(?: أيضا)?",
        "قد يعجبك(?: أيضا)?",
        "أخبار مقترحة",
        "المزيد من .{1,40}",
        "(?:نبذة )?عن الكاتب",
    ),
    "fa": (
        "مطالب مرتبط",
        "مطالب پیشنهادی",
        "اخبار مرتبط",
        "خبرهای مرتبط",
        "بیشتر بخوانید",
        "بخوانید",
        "مطالب بیشتر",
        "پربازدیدترین(?: ها| اخبار)?",
        "پربحث‌ترین",
    ),
    "ur": (
        "مزید پڑھیں",
        "یہ بھی پڑھیں",
        "متعلقہ خبریں",
        "متعلقہ مضامین",
        "مزید خبریں",
        "مقبول خبریں",
    ),
    "en": (
        "related(?: articles| stories| posts| news| content| reading| coverage| topics)?",
        "read more",
        "read next",
        "read also",
        "also read",
        "more from .{1,60}",
        "more on (?:this|that) (?:story|topic)",
        "more stories",
        "more news",
        "you may also like",
        "you might also like",
        "recommended(?: for you| articles| stories| reading)?",
        "most (?:read|popular|viewed|shared)",
        "further reading",
        "see also",
        "trending(?: now| stories)?",
        "popular (?:posts|stories)",
        "editor'?s'? picks",
        "top stories",
        "latest (?:news|stories|articles)",
        "don'?t miss",
        "up next",
        "what to read next",
        "about the author",
    ),
    "de": (
        "mehr zum thema(?: .{1,40})?",
        "das könnte (?:dich|sie) auch interessieren",
        "(?:weitere|ähnliche|verwandte|neueste) (?:artikel|beiträge|themen)",
        "zum weiterlesen",
        "auch interessant",
        "lesen sie auch",
        "meistgelesen(?:e)?",
        "mehr aus .{1,40}",
        "mehr zu .{1,40}",
        "mehr über .{1,40}",
        "verwandte themen(?:bereiche)?",
        "weiterlesen",
        "über den autor",
    ),
    "fr": ("(?:à )?lire aussi", "sur le même sujet", "articles similaires", "les plus lus", "à voir aussi"),
    "es": (
        "(?:notas|noticias|artículos) relacionad[oa]s",
        "(?:te|le) puede interesar",
        "lo más leído",
        "lee también",
        "más sobre .{1,40}",
    ),
    "it": ("leggi anche", "articoli correlati", "potrebbe interessarti"),
    "pt": ("veja também", "leia também", "leia mais", "notícias relacionadas", "mais lidas"),
}

# A line that points to another story inline ("Read also: …", "اقرأ أيضا: …").
INLINE_TEASER_LEADS = (
    "[اإ]قر[أا] [اأ]يض[اً]+",
    "شاهد أيضا",
    "بیشتر بخوانید",
    "بخوانید",
    "یہ بھی پڑھیں",
    "read also",
    "also read",
    "see also",
    "related",
    "lesen sie auch",
    "(?:à )?lire aussi",
    "(?:te|le) puede interesar",
    "lee también",
    "leggi anche",
    "veja também",
    "leia também",
)

# Lines that are the page's controls or notices, never a sentence of an article: share, print
# and rating prompts, privacy notices, the WordPress post footer.
INTERFACE_LINES: dict[str, tuple[str, ...]] = {
    "en": (
        "like it\\? share it!?",
        "this entry was posted in .{1,120}\\. bookmark the permalink\\.",
        "%?d? ?bloggers like this:?",
        "was this (?:article|page|post) (?:helpful|useful)\\??",
        "external content",
        "print (?:this )?(?:article|recipe|page)",
    ),
    "de": (
        "(?:war|ist) (?:der|dieser|die|diese) (?:artikel|beitrag|seite) (?:nützlich|hilfreich)\\??",
        "möchten sie (?:den|diesen|die|diese) (?:artikel|beitrag|seite) teilen\\??",
        "(?:den|diesen) (?:artikel|beitrag) (?:mit anderen )?teilen.{0,20}:?",
        "weitere informationen",
        "weiterführende (?:informationen|links)",
        "kontakt:?",
        "was passiert mit meinen daten\\??",
        "externer inhalt",
        "-? ?anzeige ?-?",
        "quellen (?:ausblenden|einblenden|anzeigen)",
        "zum shop",
        "\\(?noch keine bewertungen\\)?",
        "%?d? ?bloggern gefällt das:?",
        # An update stamp; a publication line ("Veröffentlicht am …") may be part of the article.
        "(?:stand|aktualisiert|zuletzt aktualisiert|zuletzt geändert)(?: am)?\\s*:?\\s*"
        "(?=[^a-z]*\\d)[\\d.,: ]+(?:[a-zäöü]{3,9}\\.? \\d{4})?(?:,? \\d{1,2}:\\d{2}(?: uhr)?)?",
    ),
    "fa": (
        "کد خبر\\s*:?\\s*\\d+",
        "برچسب(?:\u200c| )?ها\\s*:.{0,200}",
        "اشتراک(?:\u200c| )?گذاری",
        "نسخه چاپی",
        "لینک کوتاه(?:\\s*:.{0,100})?",
    ),
    "ur": ("شیئر کریں", "ٹیگز\\s*:.{0,200}"),
    "es": ("valora esta noticia", "imprimir", "compartir(?: en .{1,20})?"),
    "pl": ("drukuj", "udostępnij"),
}
# Share and print buttons written as one line ("Zum Rezept Drucken Pinnen").
INTERFACE_WORDS = (
    "drucken",
    "pinnen",
    "teilen",
    "jetzt teilen!?",
    "zum rezept",
    "rezept drucken",
    "bei pinterest speichern",
    "print",
    "pin it",
    "save",
    "share",
)

RELATED_HEADING = re.compile(
    rf"^(?:{'|'.join(phrase for phrases in RELATED_HEADINGS.values() for phrase in phrases)})\s*[:!]?$",
    re.IGNORECASE,
)
INTERFACE_LINE = re.compile(
    rf"^(?:{'|'.join(phrase for phrases in INTERFACE_LINES.values() for phrase in phrases)}|"
    rf"(?:{'|'.join(INTERFACE_WORDS)})(?:\s+(?:{'|'.join(INTERFACE_WORDS)}))*)$",
    re.IGNORECASE,
)
INLINE_TEASER = re.compile(rf"^(?:{'|'.join(INLINE_TEASER_LEADS)})\s*:.{{0,200}}$", re.IGNORECASE)
