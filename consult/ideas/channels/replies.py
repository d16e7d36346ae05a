"""What the service texts back, in each language the site speaks.

These texts are written here, per language, rather than in the message catalogues: each must
fit the segments a reply may take (one in the GSM alphabet, two in another script; see
`segments`), which a test checks for every language and which a catalogue could not promise.
Placeholders: {code} a tracking code, {n} a number of characters, {theme} a theme's name,
{status} an answer's status, {words} the first words of an answer, {title} a commitment's.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "received": "Thank you, your idea is received. Its code is {code}: text the code "
                    "to this number to follow it.",
        "ask_news": "Reply YES for news of it by SMS.",
        "empty": "Your message was empty. Please send your idea as text.",
        "media": "We can only read text. Please send your idea as a text message.",
        "too_short": "Your idea is too short: please write at least {n} characters.",
        "closed": "This consultation is closed and takes no new ideas. We kept your message "
                  "for the team.",
        "unmapped": "This number or word leads to no consultation. We kept your message for "
                    "the team.",
        "sender_limit": "You sent the most messages allowed in a day. We kept this one for the "
                        "team. Please write again tomorrow.",
        "too_long": "Your message is too long for one idea. We kept it for the team, who will "
                    "read it.",
        "refused": "This consultation cannot take ideas by text message. We kept your message "
                   "for the team.",
        "opted_in": "Thank you: we will text you news of your ideas. Reply STOP to stop.",
        "opt_in_first": "Send us your idea first, then reply YES to get news of it.",
        "stopped": "Done: your number is deleted and you will get no more news from us.",
        "unknown_code": "No idea has the code {code}. Please check it and try again.",
        "status_pending": "Idea {code}: received, waiting for moderation.",
        "status_published": "Idea {code}: published, waiting for an answer.",
        "status_theme": "Idea {code}: published, in the theme {theme}.",
        "status_answered": "Idea {code}: answered ({status}): {words}",
        "status_hidden": "Idea {code}: hidden by a moderator.",
        "status_withdrawn": "Idea {code}: withdrawn.",
        "news_answered": "News of idea {code}: answered ({status}): {words}",
        "news_commitment": "News of idea {code}: it feeds a commitment of the plan: {title}",
        "news_adopted": "News of idea {code}: the plan was adopted with a commitment it "
                        "feeds: {title}",
    },
    "es": {
        "received": "Gracias, recibimos su idea. Código: {code}. Envíelo a este número "
                    "para seguirla.",
        "ask_news": "Responda SÍ para recibir noticias por SMS.",
        "empty": "Su mensaje llegó vacío. Envíe su idea como texto, por favor.",
        "media": "Solo podemos leer texto. Envíe su idea en un mensaje de texto.",
        "too_short": "Su idea es muy corta: escriba al menos {n} caracteres.",
        "closed": "Esta consulta está cerrada y no recibe ideas nuevas. Guardamos su mensaje "
                  "para el equipo.",
        "unmapped": "Este número o palabra no lleva a ninguna consulta. Guardamos su mensaje "
                    "para el equipo.",
        "sender_limit": "Envió el máximo de mensajes de hoy. Guardamos este para el equipo. "
                        "Escriba de nuevo mañana.",
        "too_long": "Su mensaje es muy largo para una idea. Lo guardamos para el equipo, "
                    "que lo leerá.",
        "refused": "Esta consulta no recibe ideas por SMS. Guardamos su mensaje para el "
                   "equipo.",
        "opted_in": "Gracias: le enviaremos noticias de sus ideas por SMS. Responda ALTO para "
                    "dejarlas.",
        "opt_in_first": "Envíe primero su idea y luego responda SÍ para recibir noticias.",
        "stopped": "Listo: borramos su número y no recibirá más noticias.",
        "unknown_code": "Ninguna idea tiene el código {code}. Revíselo e intente de nuevo.",
        "status_pending": "Idea {code}: recibida, en espera de moderación.",
        "status_published": "Idea {code}: publicada, en espera de respuesta.",
        "status_theme": "Idea {code}: publicada, en el tema {theme}.",
        "status_answered": "Idea {code}: respondida ({status}): {words}",
        "status_hidden": "Idea {code}: ocultada por un moderador.",
        "status_withdrawn": "Idea {code}: retirada.",
        "news_answered": "Noticia de la idea {code}: respondida ({status}): {words}",
        "news_commitment": "Noticia de la idea {code}: nutre un compromiso del plan: {title}",
        "news_adopted": "Noticia de la idea {code}: se adoptó el plan con un compromiso que "
                        "nutre: {title}",
    },
    "fr": {
        "received": "Merci, votre idée est arrivée. Son code : {code}. Envoyez ce code à ce "
                    "numéro pour la suivre.",
        "ask_news": "Répondez OUI pour en avoir des nouvelles par SMS.",
        "empty": "Votre message était vide. Envoyez votre idée en texte, s'il vous plaît.",
        "media": "Nous ne lisons que le texte. Envoyez votre idée dans un SMS.",
        "too_short": "Votre idée est trop courte : écrivez au moins {n} caractères.",
        "closed": "Cette consultation est close et ne prend plus d'idées. Nous gardons votre "
                  "message pour l'équipe.",
        "unmapped": "Ce numéro ou ce mot ne mène à aucune consultation. Nous gardons votre "
                    "message pour l'équipe.",
        "sender_limit": "Vous avez envoyé le maximum de messages du jour. Nous gardons celui-ci "
                        "pour l'équipe. Écrivez demain.",
        "too_long": "Votre message est trop long pour une idée. Nous le gardons pour l'équipe, "
                    "qui le lira.",
        "refused": "Cette consultation ne prend pas d'idées par SMS. Nous gardons votre "
                   "message pour l'équipe.",
        "opted_in": "Merci : nous vous enverrons des nouvelles de vos idées. Répondez STOP "
                    "pour arrêter.",
        "opt_in_first": "Envoyez d'abord votre idée, puis répondez OUI pour en avoir des "
                        "nouvelles.",
        "stopped": "C'est fait : votre numéro est effacé, vous n'aurez plus de nouvelles.",
        "unknown_code": "Aucune idée n'a le code {code}. Vérifiez-le et réessayez.",
        "status_pending": "Idée {code} : arrivée, en attente de modération.",
        "status_published": "Idée {code} : publiée, en attente de réponse.",
        "status_theme": "Idée {code} : publiée, dans le thème {theme}.",
        "status_answered": "Idée {code} : a eu une réponse ({status}) : {words}",
        "status_hidden": "Idée {code} : masquée par un modérateur.",
        "status_withdrawn": "Idée {code} : retirée.",
        "news_answered": "Nouvelles de l'idée {code} : réponse ({status}) : {words}",
        "news_commitment": "Nouvelles de l'idée {code} : elle nourrit un engagement du plan : "
                           "{title}",
        "news_adopted": "Nouvelles de l'idée {code} : le plan est adopté, avec un engagement "
                        "qu'elle nourrit : {title}",
    },
    "ar": {
        "received": "شكرًا، وصلتنا فكرتك. رمزها {code}: أرسله إلى هذا الرقم لمتابعتها.",
        "ask_news": "أرسل نعم لتصلك أخبارها.",
        "empty": "وصلتنا رسالتك فارغة. أرسل فكرتك نصًا من فضلك.",
        "media": "نقرأ النص فقط. أرسل فكرتك في رسالة نصية.",
        "too_short": "فكرتك قصيرة جدًا: اكتب {n} أحرف على الأقل.",
        "closed": "هذه الاستشارة مغلقة ولا تقبل أفكارًا جديدة. احتفظنا برسالتك للفريق.",
        "unmapped": "هذا الرقم أو الكلمة لا يؤدي إلى أي استشارة. احتفظنا برسالتك للفريق.",
        "sender_limit": "أرسلت أقصى عدد من الرسائل اليوم. احتفظنا بهذه للفريق. اكتب غدًا.",
        "too_long": "رسالتك أطول من فكرة واحدة. احتفظنا بها للفريق وسيقرؤها.",
        "refused": "هذه الاستشارة لا تقبل الأفكار بالرسائل النصية. احتفظنا برسالتك للفريق.",
        "opted_in": "شكرًا: سنرسل إليك أخبار أفكارك. أرسل توقف للإيقاف.",
        "opt_in_first": "أرسل فكرتك أولًا، ثم أرسل نعم لتصلك أخبارها.",
        "stopped": "تم: حذفنا رقمك ولن تصلك أخبار منا بعد الآن.",
        "unknown_code": "لا توجد فكرة بالرمز {code}. تحقق منه وحاول مجددًا.",
        "status_pending": "الفكرة {code}: وصلت، وتنتظر المراجعة.",
        "status_published": "الفكرة {code}: منشورة، وتنتظر ردًا.",
        "status_theme": "الفكرة {code}: منشورة، ضمن محور {theme}.",
        "status_answered": "الفكرة {code}: تم الرد ({status}): {words}",
        "status_hidden": "الفكرة {code}: أخفاها أحد المشرفين.",
        "status_withdrawn": "الفكرة {code}: سُحبت.",
        "news_answered": "جديد الفكرة {code}: تم الرد ({status}): {words}",
        "news_commitment": "جديد الفكرة {code}: تغذي التزامًا في الخطة: {title}",
        "news_adopted": "جديد الفكرة {code}: اعتُمدت الخطة بالتزام تغذيه: {title}",
    },
    "pt": {
        "received": "Obrigado, recebemos a sua ideia. Código: {code}. Envie-o para este "
                    "número para a acompanhar.",
        "ask_news": "Responda SIM para ter notícias por SMS.",
        "empty": "A sua mensagem chegou vazia. Envie a sua ideia em texto, por favor.",
        "media": "Só conseguimos ler texto. Envie a sua ideia numa mensagem de texto.",
        "too_short": "A sua ideia é muito curta: escreva pelo menos {n} caracteres.",
        "closed": "Esta consulta está encerrada e não recebe novas ideias. Guardámos a sua "
                  "mensagem para a equipa.",
        "unmapped": "Este número ou palavra não leva a nenhuma consulta. Guardámos a sua "
                    "mensagem para a equipa.",
        "sender_limit": "Enviou o máximo de mensagens de hoje. Guardámos esta para a equipa. "
                        "Escreva amanhã.",
        "too_long": "A sua mensagem é longa demais para uma ideia. Guardámo-la para a equipa.",
        "refused": "Esta consulta não recebe ideias por SMS. Guardámos a sua mensagem para a "
                   "equipa.",
        "opted_in": "Obrigado: enviaremos notícias das suas ideias. Responda SAIR para parar.",
        "opt_in_first": "Envie primeiro a sua ideia e depois responda SIM para ter notícias.",
        "stopped": "Feito: apagámos o seu número e não receberá mais notícias.",
        "unknown_code": "Nenhuma ideia tem o código {code}. Verifique-o e tente de novo.",
        "status_pending": "Ideia {code}: recebida, à espera de moderação.",
        "status_published": "Ideia {code}: publicada, à espera de resposta.",
        "status_theme": "Ideia {code}: publicada, no tema {theme}.",
        "status_answered": "Ideia {code}: respondida ({status}): {words}",
        "status_hidden": "Ideia {code}: ocultada por um moderador.",
        "status_withdrawn": "Ideia {code}: retirada.",
        "news_answered": "Notícia da ideia {code}: respondida ({status}): {words}",
        "news_commitment": "Notícia da ideia {code}: alimenta um compromisso do plano: {title}",
        "news_adopted": "Notícia da ideia {code}: o plano foi adotado com um compromisso que "
                        "ela alimenta: {title}",
    },
    "id": {
        "received": "Terima kasih, ide Anda sudah kami terima. Kodenya {code}: kirim kode ini "
                    "ke nomor ini untuk mengikutinya.",
        "ask_news": "Balas YA untuk kabar lewat SMS.",
        "empty": "Pesan Anda kosong. Mohon kirim ide Anda dalam bentuk teks.",
        "media": "Kami hanya bisa membaca teks. Mohon kirim ide Anda lewat SMS.",
        "too_short": "Ide Anda terlalu pendek: tulis minimal {n} karakter.",
        "closed": "Konsultasi ini sudah ditutup dan tidak menerima ide baru. Pesan Anda kami "
                  "simpan untuk tim.",
        "unmapped": "Nomor atau kata ini tidak terhubung ke konsultasi mana pun. Pesan Anda "
                    "kami simpan untuk tim.",
        "sender_limit": "Anda sudah mengirim pesan maksimal hari ini. Pesan ini kami simpan "
                        "untuk tim. Kirim lagi besok.",
        "too_long": "Pesan Anda terlalu panjang untuk satu ide. Pesan ini kami simpan untuk "
                    "dibaca tim.",
        "refused": "Konsultasi ini tidak menerima ide lewat SMS. Pesan Anda kami simpan untuk "
                   "tim.",
        "opted_in": "Terima kasih: kami akan mengirim kabar ide Anda. Balas BERHENTI untuk "
                    "berhenti.",
        "opt_in_first": "Kirim ide Anda dulu, lalu balas YA untuk menerima kabarnya.",
        "stopped": "Selesai: nomor Anda sudah dihapus dan tidak akan menerima kabar lagi.",
        "unknown_code": "Tidak ada ide dengan kode {code}. Periksa lagi lalu coba kembali.",
        "status_pending": "Ide {code}: sudah diterima, menunggu moderasi.",
        "status_published": "Ide {code}: sudah terbit, menunggu jawaban.",
        "status_theme": "Ide {code}: sudah terbit, dalam tema {theme}.",
        "status_answered": "Ide {code}: sudah dijawab ({status}): {words}",
        "status_hidden": "Ide {code}: disembunyikan oleh moderator.",
        "status_withdrawn": "Ide {code}: sudah ditarik.",
        "news_answered": "Kabar ide {code}: sudah dijawab ({status}): {words}",
        "news_commitment": "Kabar ide {code}: ide ini mendasari komitmen dalam rencana: {title}",
        "news_adopted": "Kabar ide {code}: rencana disahkan dengan komitmen dari ide ini: "
                        "{title}",
    },
    "ka": {
        "received": "გმადლობთ, იდეა მივიღეთ. კოდი: {code}. გამოგზავნეთ ეს კოდი ამ ნომერზე "
                    "მის სადევნებლად.",
        "ask_news": "სიახლეებისთვის უპასუხეთ: დიახ.",
        "empty": "შეტყობინება ცარიელი იყო. გთხოვთ, იდეა ტექსტად გამოგზავნოთ.",
        "media": "მხოლოდ ტექსტს ვკითხულობთ. გთხოვთ, იდეა SMS-ით გამოგზავნოთ.",
        "too_short": "იდეა ძალიან მოკლეა: დაწერეთ მინიმუმ {n} სიმბოლო.",
        "closed": "ეს კონსულტაცია დახურულია და ახალ იდეებს აღარ იღებს. შეტყობინება "
                  "გუნდისთვის შევინახეთ.",
        "unmapped": "ეს ნომერი ან სიტყვა არცერთ კონსულტაციას არ უკავშირდება. შეტყობინება "
                    "გუნდისთვის შევინახეთ.",
        "sender_limit": "დღის ლიმიტი ამოიწურა. ეს შეტყობინება გუნდისთვის შევინახეთ. "
                        "მოგვწერეთ ხვალ.",
        "too_long": "შეტყობინება ერთი იდეისთვის ძალიან გრძელია. გუნდისთვის შევინახეთ.",
        "refused": "ეს კონსულტაცია SMS-ით იდეებს არ იღებს. შეტყობინება გუნდისთვის შევინახეთ.",
        "opted_in": "გმადლობთ: იდეების სიახლეებს SMS-ით მოგწერთ. შესაწყვეტად: STOP.",
        "opt_in_first": "ჯერ იდეა გამოგზავნეთ, შემდეგ უპასუხეთ: დიახ.",
        "stopped": "მზადაა: ნომერი წაიშალა და სიახლეებს აღარ მიიღებთ.",
        "unknown_code": "კოდით {code} იდეა არ მოიძებნა. შეამოწმეთ და სცადეთ ხელახლა.",
        "status_pending": "იდეა {code}: მიღებულია, ელოდება მოდერაციას.",
        "status_published": "იდეა {code}: გამოქვეყნებულია, ელოდება პასუხს.",
        "status_theme": "იდეა {code}: გამოქვეყნებულია, თემაში {theme}.",
        "status_answered": "იდეა {code}: პასუხი ({status}): {words}",
        "status_hidden": "იდეა {code}: მოდერატორმა დამალა.",
        "status_withdrawn": "იდეა {code}: გაწვეულია.",
        "news_answered": "სიახლე, იდეა {code}: პასუხი ({status}): {words}",
        "news_commitment": "სიახლე, იდეა {code}: გეგმის ვალდებულების საფუძველია: {title}",
        "news_adopted": "სიახლე, იდეა {code}: გეგმა მიღებულია, ვალდებულებით: {title}",
    },
}
FALLBACK = "en"


def reply_language(language: str | None, default: str | None = None) -> str:
    """The language to answer in: `language` when there are texts in it, else `default`,
    else English."""
    for code in (language, default):
        code = (code or "").split("-")[0].split("_")[0].lower()
        if code in TEXTS:
            return code
    return FALLBACK


def text(key: str, language: str, **values: object) -> str:
    """The reply `key` in `language` (see `reply_language`), with its placeholders filled."""
    return TEXTS[reply_language(language)][key].format(**values)


def received(code: str, language: str, ask_news: bool) -> str:
    """The reply to a new idea: its code, and an offer of news unless already taken."""
    reply = text("received", language, code=code)
    return f"{reply} {text('ask_news', language)}" if ask_news else reply

