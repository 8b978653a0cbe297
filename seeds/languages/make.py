"""Writes ``<lang>/labels.jsonl`` for each language from the cases below.

Every sentence here was written for this project (see README.md); none is
copied from an article. Run ``python seeds/languages/make.py`` after editing.

A pair case is ``(kind, old, new, aspects)``: one statement before and after
an edit and the aspects a reader would name (``kind`` ending in ``-trap`` is
an edit that must not fire the aspect it looks like). A blog case is
``(kind, old, new, groups)``: two versions of a live page, paragraphs
separated by blank lines, and each new entry as the 0-based indexes of its
statements in the new version.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

PAIRS: dict[str, list[tuple[str, str, str, list[str]]]] = {
    "uk": [
        ("numbers", "Під час обміну додому повернулися 1 000 полонених.",
         "Під час обміну додому повернулися 1 200 полонених.", ["numbers"]),
        ("numbers", "Ідеться про звільнення 1,2 тис. українців.",
         "Ідеться про звільнення 1,5 тис. українців.", ["numbers"]),
        ("numbers-trap", "Сторони домовилися обміняти 1 000 полонених.",
         "Сторони домовилися обміняти 1000 полонених.", ["wording"]),
        ("time", "Делегації зустрінуться у четвер у Стамбулі.",
         "Делегації зустрінуться у п'ятницю у Стамбулі.", ["time"]),
        ("time", "Перший раунд розпочався о 10:30 за місцевим часом.",
         "Перший раунд розпочався о 12:15 за місцевим часом.", ["time"]),
        ("time-trap", "Серед делегатів були військові та дипломати.",
         "Серед делегатів були дипломати та військові.", ["wording"]),
        ("negation", "Російська сторона погодилася на припинення вогню.",
         "Російська сторона не погодилася на припинення вогню.", ["negation"]),
        ("negation", "Міністр не підтвердив дату наступної зустрічі.",
         "Міністр підтвердив дату наступної зустрічі.", ["negation"]),
        ("negation-trap", "Делегація прибула до палацу.",
         "Делегація прибула до палацу, але журналістів туди не пустили.", ["content"]),
        ("quote", "Речник заявив: «Ми готові до переговорів».",
         "Речник заявив: «Ми готові до нових переговорів без попередніх умов».", ["quote"]),
        ("quote-trap", "«Ми готові до переговорів», — заявив речник.",
         "«Ми готові до переговорів», — сказав речник.", ["wording"]),
        ("names", "Делегацію України очолив Умєров.",
         "Делегацію України очолив Буданов.", ["entities"]),
        ("names-trap", "Звернення Зеленського оприлюднили вранці.",
         "Звернення оприлюднив Зеленський вранці.", ["wording"]),
        ("content", "Сторони обговорили обмін полоненими.",
         "Сторони обговорили обмін полоненими та повернення депортованих дітей.", ["content"]),
        ("wording", "Зустріч тривала близько двох годин.",
         "Зустріч тривала приблизно дві години.", ["wording"]),
    ],
    "ru": [
        ("numbers", "Стороны договорились об обмене 1 000 пленных.",
         "Стороны договорились об обмене 1 200 пленных.", ["numbers"]),
        ("numbers", "Ущерб оценили в 2 тыс. рублей.",
         "Ущерб оценили в 3,5 тыс. рублей.", ["numbers"]),
        ("numbers-trap", "В обмене участвовали 1 200 человек.",
         "В обмене участвовали 1200 человек.", ["wording"]),
        ("time", "Переговоры пройдут в четверг в Стамбуле.",
         "Переговоры пройдут в пятницу в Стамбуле.", ["time"]),
        ("time", "Встреча назначена на 16 мая.",
         "Встреча назначена на 23 июля.", ["time"]),
        ("time-trap", "Среди участников были военные.",
         "Среди участников были дипломаты и военные.", ["content"]),
        ("negation", "Кремль подтвердил участие делегации.",
         "Кремль не подтвердил участие делегации.", ["negation"]),
        ("negation", "Глава делегации не ответил на вопросы журналистов о перемирии.",
         "Глава делегации ответил на вопросы журналистов о перемирии.", ["negation"]),
        ("negation-trap", "Встреча продлилась меньше часа.",
         "Встреча продлилась меньше часа, совместного заявления не было.", ["content"]),
        ("quote", "Мединский сказал: «Мы довольны результатом».",
         "Мединский сказал: «Мы в целом довольны результатом и готовы продолжать».", ["quote"]),
        ("quote-trap", "«Мы довольны результатом», — сказал Мединский.",
         "«Мы довольны результатом», — заявил Мединский.", ["wording"]),
        ("names", "Переговоры открыл Фидан.",
         "Переговоры открыл Эрдоган.", ["entities"]),
        ("names-trap", "Делегацию Мединского встретили у входа.",
         "У входа встретили делегацию, которую возглавил Мединский.", ["wording"]),
        ("content", "Стороны обсудили обмен пленными.",
         "Стороны обсудили обмен пленными и возможное прекращение огня.", ["content"]),
        ("wording", "Переговоры завершились поздно вечером.",
         "Переговоры закончились поздно вечером.", ["wording"]),
    ],
    "tr": [
        ("numbers", "Takasta 1.000 esir serbest bırakıldı.",
         "Takasta 1.200 esir serbest bırakıldı.", ["numbers"]),
        ("numbers", "Görüşmeler yaklaşık 1,5 saat sürdü.",
         "Görüşmeler yaklaşık 2 saat sürdü.", ["numbers"]),
        ("numbers-trap", "Toplam 1.200 esirin takası bekleniyor.",
         "Toplam bin 200 esirin takası bekleniyor.", ["wording"]),
        ("time", "Heyetler perşembe günü İstanbul'da bir araya gelecek.",
         "Heyetler cuma günü İstanbul'da bir araya gelecek.", ["time"]),
        ("time", "Toplantı saat 14.00'te başladı.",
         "Toplantı saat 15.30'da başladı.", ["time"]),
        ("time-trap", "Açıklama salınan görüntülerle birlikte yapıldı.",
         "Açıklama yayımlanan görüntülerle birlikte yapıldı.", ["wording"]),
        ("negation", "Rus heyeti toplantıya katıldı.",
         "Rus heyeti toplantıya katılmadı.", ["negation"]),
        ("negation", "Taraflar ateşkes konusunda anlaşmaya hazır.",
         "Taraflar ateşkes konusunda anlaşmaya hazır değil.", ["negation"]),
        ("negation-trap", "Görüşme bir saat sürdü.",
         "Görüşme bir saat sürdü ve ortak açıklama yapılmadı.", ["content"]),
        ("quote", "Umerov, \"Esir takasına öncelik veriyoruz\" dedi.",
         "Umerov, \"Esir takasına ve ateşkese öncelik veriyoruz\" dedi.", ["quote"]),
        ("quote-trap", "\"Görüşmelere devam etmeye hazırız\" dedi Medinski.",
         "\"Görüşmelere devam etmeye hazırız\" diye konuştu Medinski.", ["wording"]),
        ("names", "Görüşmelere Fidan başkanlık etti.",
         "Görüşmelere Kalın başkanlık etti.", ["entities"]),
        ("names-trap", "Toplantıya Erdoğan ev sahipliği yaptı.",
         "Toplantıya Erdoğan'ın ofisi ev sahipliği yaptı.", ["wording"]),
        ("content", "Taraflar esir takasını görüştü.",
         "Taraflar esir takasını ve olası bir liderler zirvesini görüştü.", ["content"]),
        ("wording", "Görüşme kısa sürdü.",
         "Görüşme kısa bir süre devam etti.", ["wording"]),
    ],
    "de": [
        ("numbers", "Es sollen jeweils 1.000 Gefangene übergeben werden.",
         "Es sollen jeweils 1.200 Gefangene übergeben werden.", ["numbers"]),
        ("numbers", "Die Inflation lag bei 2,4 Prozent.",
         "Die Inflation lag bei 2,9 Prozent.", ["numbers"]),
        ("numbers-trap", "Rund 1.200 Menschen wurden ausgetauscht.",
         "Rund 1200 Menschen wurden ausgetauscht.", ["wording"]),
        ("time", "Die Gespräche beginnen am Mittwoch in Istanbul.",
         "Die Gespräche beginnen am Donnerstag in Istanbul.", ["time"]),
        ("time", "Das Treffen war für 19 Uhr Ortszeit angesetzt.",
         "Das Treffen war für 20.30 Uhr Ortszeit angesetzt.", ["time"]),
        ("time-trap", "Am 3. Oktober beginnt die Sitzung.",
         "Die Sitzung beginnt am 3. Oktober.", ["wording"]),
        ("negation", "Der Kreml hat die Teilnahme bestätigt.",
         "Der Kreml hat die Teilnahme nicht bestätigt.", ["negation"]),
        ("negation", "Die Delegation nahm an der Pressekonferenz teil.",
         "Die Delegation nahm nicht an der Pressekonferenz teil.", ["negation"]),
        ("negation-trap", "Das Treffen dauerte eine Stunde.",
         "Das Treffen dauerte eine Stunde, eine Einigung gab es nicht.", ["content"]),
        ("quote", "Der Minister sprach von einem „Durchbruch“.",
         "Der Minister sprach von einem „ersten Schritt“.", ["quote"]),
        ("quote-trap", "„Wir sind bereit“, sagte der Sprecher.",
         "„Wir sind bereit“, erklärte der Sprecher.", ["wording"]),
        ("names", "Die Delegation wurde von Medinski geleitet.",
         "Die Delegation wurde von Umerow geleitet.", ["entities"]),
        ("names-trap", "Die Regierung begrüßte die Einigung.",
         "Die Bundesregierung begrüßte die Einigung.", ["wording"]),
        ("content", "Beide Seiten vereinbarten einen Gefangenenaustausch.",
         "Beide Seiten vereinbarten einen Gefangenenaustausch und weitere Gespräche im Herbst.", ["content"]),
        ("wording", "Das Treffen dauerte knapp eine Stunde.",
         "Das Treffen dauerte etwas weniger als eine Stunde.", ["wording"]),
    ],
    "fr": [
        ("numbers", "L'accord prévoit l'échange de 1 000 prisonniers.",
         "L'accord prévoit l'échange de 1 200 prisonniers.", ["numbers"]),
        ("numbers", "Le taux de participation a atteint 61,5 %.",
         "Le taux de participation a atteint 64,2 %.", ["numbers"]),
        ("numbers-trap", "Plus de 1.000 Ukrainiens ont été libérés.",
         "Plus de 1 000 Ukrainiens ont été libérés.", ["wording"]),
        ("time", "La rencontre est prévue mardi à Istanbul.",
         "La rencontre est prévue mercredi à Istanbul.", ["time"]),
        ("time", "Les discussions reprendront à 14h30.",
         "Les discussions reprendront à 16h.", ["time"]),
        ("time-trap", "Les délégués se sont réunis au palais.",
         "Les délégués se sont retrouvés au palais.", ["wording"]),
        ("negation", "Le président a participé aux pourparlers.",
         "Le président n'a pas participé aux pourparlers.", ["negation"]),
        ("negation", "Moscou ne reconnaît pas l'accord.",
         "Moscou reconnaît l'accord.", ["negation"]),
        ("negation-trap", "Médecins sans frontières a publié un rapport.",
         "Médecins sans frontières a publié un nouveau rapport détaillé.", ["content"]),
        ("negation-trap", "Le ministre a rencontré les délégués.",
         "Le ministre n'a rencontré que les délégués.", ["content"]),
        ("quote", "Le porte-parole a parlé d'« un grand résultat ».",
         "Le porte-parole a parlé d'« un résultat modeste ».", ["quote"]),
        ("quote-trap", "« Nous sommes prêts », a déclaré le ministre.",
         "« Nous sommes prêts », a affirmé le ministre.", ["wording"]),
        ("names", "La réunion était présidée par Fidan.",
         "La réunion était présidée par Erdogan.", ["entities"]),
        ("names-trap", "M. Oumerov a quitté la salle.",
         "Oumerov a quitté la salle.", ["wording"]),
        ("content", "Les deux camps ont convenu d'un échange de prisonniers.",
         "Les deux camps ont convenu d'un échange de prisonniers et d'un nouveau cycle de négociations.",
         ["content"]),
        ("wording", "La rencontre a duré moins de deux heures.",
         "La rencontre a duré moins de deux heures environ.", ["wording"]),
    ],
    "es": [
        ("numbers", "Acordaron un intercambio de 1.000 prisioneros por bando.",
         "Acordaron un intercambio de 1.200 prisioneros por bando.", ["numbers"]),
        ("numbers", "El encuentro duró 1,5 horas.",
         "El encuentro duró 2 horas.", ["numbers"]),
        ("numbers-trap", "Serán liberados mil prisioneros.",
         "Serán liberados 1.000 prisioneros.", ["wording"]),
        ("time", "La reunión se celebró el viernes en Estambul.",
         "La reunión se celebró el jueves en Estambul.", ["time"]),
        ("time", "Las delegaciones se reunieron el 16 de mayo.",
         "Las delegaciones se reunieron el 23 de julio.", ["time"]),
        ("time-trap", "El barco quedó varado en alta mar.",
         "El barco quedó varado mar adentro.", ["wording"]),
        ("negation", "El presidente asistió a la reunión.",
         "El presidente no asistió a la reunión.", ["negation"]),
        ("negation", "Las partes no acordaron un alto el fuego.",
         "Las partes acordaron un alto el fuego.", ["negation"]),
        ("negation-trap", "La reunión duró menos de una hora.",
         "La reunión duró menos de una hora y no hubo declaración conjunta.", ["content"]),
        ("quote", "Fidan dijo que fue «un día importante».",
         "Fidan dijo que fue «un día histórico para la paz».", ["quote"]),
        ("quote-trap", "«Estamos satisfechos», declaró Medinski.",
         "«Estamos satisfechos», afirmó Medinski.", ["wording"]),
        ("names", "La delegación rusa estuvo encabezada por Medinski.",
         "La delegación rusa estuvo encabezada por Lavrov.", ["entities"]),
        ("names-trap", "La Sra. García llegó a Estambul.",
         "García llegó a Estambul.", ["wording"]),
        ("content", "Las partes hablaron del intercambio de prisioneros.",
         "Las partes hablaron del intercambio de prisioneros y del regreso de niños deportados.", ["content"]),
        ("wording", "Las conversaciones comenzaron con retraso.",
         "Las conversaciones empezaron con retraso.", ["wording"]),
    ],
}

# Live pages: a title, then entries newest first; the new version adds one on top.
BLOGS: dict[str, list[tuple[str, str, str, list[list[int]]]]] = {
    "uk": [
        ("blog-clock",
         "Переговори у Стамбулі: онлайн\n\n13:10\n\nДелегації прибули до палацу. Зустріч почнеться о 14:00."
         "\n\n12:40\n\nМіністр привітав сторони.",
         "Переговори у Стамбулі: онлайн\n\n13:35\n\nПерший раунд завершився. Наступна зустріч у п'ятницю."
         "\n\n13:10\n\nДелегації прибули до палацу. Зустріч почнеться о 14:00.\n\n12:40\n\nМіністр привітав сторони.",
         [[1, 2, 3]]),
        ("blog-update",
         "Обмін полоненими: що відомо\n\nОновлено о 11:20\n\nСписки погодили обидві сторони.",
         "Обмін полоненими: що відомо\n\nОновлено о 12:05\n\nПерші автобуси перетнули кордон."
         "\n\nОновлено о 11:20\n\nСписки погодили обидві сторони.",
         [[1, 2]]),
    ],
    "ru": [
        ("blog-clock",
         "Переговоры в Стамбуле: онлайн\n\n14:20\n\nДелегации прибыли во дворец.\n\n13:50\n\nНачался брифинг.",
         "Переговоры в Стамбуле: онлайн\n\n15:05\n\nПервый раунд завершён. Стороны сделают заявления позже."
         "\n\n14:20\n\nДелегации прибыли во дворец.\n\n13:50\n\nНачался брифинг.",
         [[1, 2, 3]]),
    ],
    "tr": [
        ("blog-clock",
         "İstanbul görüşmeleri: canlı\n\n14.05\n\nHeyetler saraya ulaştı.\n\n13.40\n\nBakan açılış konuşması yaptı.",
         "İstanbul görüşmeleri: canlı\n\n15.20\n\nİlk tur sona erdi. Taraflar akşam açıklama yapacak."
         "\n\n14.05\n\nHeyetler saraya ulaştı.\n\n13.40\n\nBakan açılış konuşması yaptı.",
         [[1, 2, 3]]),
        ("blog-update",
         "Esir takası: son durum\n\nGüncelleme 10:15\n\nListeler karşılıklı olarak onaylandı.",
         "Esir takası: son durum\n\nGüncelleme 11:40\n\nİlk otobüsler sınırı geçti."
         "\n\nGüncelleme 10:15\n\nListeler karşılıklı olarak onaylandı.",
         [[1, 2]]),
    ],
    "de": [
        ("blog-ticker",
         "Verhandlungen in Istanbul im Ticker\n\n+++ 12.31 Uhr: Die Delegationen sind eingetroffen +++"
         "\n\n+++ 11.50 Uhr: Der Außenminister begrüßt die Gäste +++",
         "Verhandlungen in Istanbul im Ticker\n\n+++ 13.05 Uhr: Erste Runde beendet +++"
         "\n\n+++ 12.31 Uhr: Die Delegationen sind eingetroffen +++"
         "\n\n+++ 11.50 Uhr: Der Außenminister begrüßt die Gäste +++",
         [[1]]),
    ],
    "fr": [
        ("blog-update",
         "Pourparlers à Istanbul : suivez la journée en direct\n\n11h20\n\nLes délégations sont arrivées au palais.",
         "Pourparlers à Istanbul : suivez la journée en direct\n\nMise à jour à 12h05\n\nLa première séance est"
         " terminée. Une conférence de presse est prévue.\n\n11h20\n\nLes délégations sont arrivées au palais.",
         [[1, 2, 3]]),
    ],
    "es": [
        ("blog-clock",
         "Negociaciones en Estambul, en directo\n\n10:40\n\nLas delegaciones llegaron al palacio.",
         "Negociaciones en Estambul, en directo\n\nActualización 11:55\n\nTerminó la primera ronda. Habrá"
         " declaraciones por la tarde.\n\n10:40\n\nLas delegaciones llegaron al palacio.",
         [[1, 2, 3]]),
    ],
}


def records(lang: str) -> list[dict]:
    out = []
    for n, (kind, old, new, aspects) in enumerate(PAIRS[lang], start=1):
        out.append({
            "id": f"{lang}-{n:03d}-{kind}",
            "old_sentences": [old], "new_sentences": [new], "links": [[0, 0]],
            "changes": [{"kind": "edited", "old": old, "new": new, "aspects": aspects}],
        })
    for n, (kind, old, new, groups) in enumerate(BLOGS[lang], start=1):
        out.append({"id": f"{lang}-{kind}-{n}", "old": old, "new": new,
                    "groups": [{"new": g} for g in groups]})
    return out


def main() -> None:
    for lang in PAIRS:
        d = HERE / lang
        d.mkdir(exist_ok=True)
        lines = [json.dumps(r, ensure_ascii=False) for r in records(lang)]
        (d / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
