"""Every user-facing string of the clippings, reports and partner tables, in Indonesian and English.

``labels(language)`` returns the table for ``config.clipping.language``; renderers never hard-code a
word a reader sees. Dates are written the Indonesian way ("Senin, 23 November 2026").
"""

from __future__ import annotations

from datetime import date

ID: dict[str, str] = {
    # clipping
    "clip_title": "Kliping Berita Kabupaten Paser",
    "clip_empty": "Tidak ada berita tentang Kabupaten Paser pada hari ini.",
    "summary": "Ringkasan",
    "contents": "Daftar Isi",
    "stories": "Berita",
    "outlets": "Media",
    "mentions": "Sebutan",
    "tone": "Nada",
    "tone_split": "Sebaran nada",
    "positif": "positif",
    "netral": "netral",
    "negatif": "negatif",
    "top_agencies": "Instansi paling banyak diberitakan",
    "pickup": "Rilis yang dimuat beberapa media",
    "pickup_none": "Tidak ada rilis yang dimuat lebih dari satu media.",
    "leadership": "Pimpinan Daerah",
    "other_group": "Lainnya",
    "outlet": "Media",
    "time": "Jam",
    "headline": "Judul",
    "link": "Tautan",
    "spokesperson": "Narasumber",
    "mention_sentence": "Kalimat yang menyebut",
    "article_text": "Isi berita",
    "lead_excerpt": "Cuplikan",
    "also_mentions": "Juga menyebut",
    "advertorial": "advertorial",
    "page": "Halaman",
    "of": "dari",
    "wita": "WITA",
    "date": "Tanggal",
    "n_outlets": "{n} media",
    "chat_intro": "Kliping berita Kabupaten Paser, {day}",
    "chat_counts": "{stories} berita dari {outlets} media. Nada: {positif} positif, {netral} netral, {negatif} negatif.",
    "chat_top": "Paling banyak diberitakan: {items}.",
    "chat_pickup": "Rilis dimuat beberapa media: {n}.",
    "chat_files": "Berkas lengkap: {name}.pdf",
    "chat_empty": "Tidak ada berita tentang Kabupaten Paser pada {day}.",
    # monthly report
    "report_title": "Laporan Eksposur Media Kabupaten Paser",
    "report_empty": "Tidak ada berita tentang Kabupaten Paser pada bulan ini.",
    "overview": "Ikhtisar",
    "this_month": "Bulan ini",
    "prev_month": "Bulan lalu",
    "last_year": "Tahun lalu",
    "change_prev": "Perubahan dari bulan lalu",
    "change_year": "Perubahan dari tahun lalu",
    "chg_prev": "± bln lalu",
    "chg_year": "± thn lalu",
    "sov_short": "Pangsa",
    "per_agency": "Berita per instansi",
    "per_program": "Berita per program",
    "share_of_voice": "Pangsa pemberitaan",
    "name": "Nama",
    "entity": "Entitas",
    "outlets_tiers": "Media dan tingkatannya",
    "tier": "Tingkat",
    "kind": "Jenis",
    "reach": "Jangkauan (perkiraan)",
    "pr_value": "Nilai PR (Rp, perkiraan)",
    "no_value": "Berita tanpa nilai per berita",
    "page_views": "Jumlah dibaca",
    "page_views_stories": "Berita dengan jumlah dibaca",
    "reach_value": "Jangkauan dan nilai PR",
    "formulas": "Rumus",
    "formula_reach": "Jangkauan = jumlah, untuk setiap berita, pengunjung bulanan media yang memuatnya (seperti Meltwater: satu berita dapat dilihat oleh seluruh pengunjung bulanan media itu). Media tanpa data pengunjung tidak dihitung.",
    "formula_value": "Nilai PR = jumlah, untuk setiap berita, nilai per berita yang ditetapkan untuk media itu di konfigurasi (menurut tingkat media). Berita dari media tanpa nilai per berita tidak dihitung dan jumlahnya ditampilkan.",
    "formula_sov": "Pangsa pemberitaan = berita yang menyebut entitas / jumlah berita semua entitas sejenis (instansi dengan instansi, program dengan program) pada bulan itu.",
    "formula_change": "Perubahan = (bulan ini - pembanding) / pembanding; \"baru\" bila pembanding nol.",
    "top_stories": "Berita utama",
    "top_stories_rule": "Diurutkan menurut jumlah media yang memuat rilis yang sama, sebutan di judul, tingkat media, lalu jumlah dibaca.",
    "top_spokespersons": "Narasumber teratas",
    "statements": "Pernyataan",
    "copies": "Salinan",
    "first_outlet": "Media pertama",
    "daily_trend": "Tren harian",
    "partners": "Pemenuhan kontrak media mitra",
    "partners_rule": "Berita dihitung bila terbit dalam masa kontrak dan menyebut Kabupaten Paser; berita yang 80% atau lebih mirip dengan versi media lain yang terbit lebih dulu tidak dihitung. Advertorial ditandai.",
    "quota": "Kewajiban",
    "counted": "Dihitung",
    "not_counted": "Tidak dihitung",
    "advertorials": "Advertorial",
    "met": "Terpenuhi",
    "yes": "ya",
    "no": "tidak",
    "contract": "Masa kontrak",
    "reason": "Alasan",
    "similar_to": "mirip {pct}% dengan {outlet}",
    "partner_stories": "Daftar berita media mitra",
    "partner_exceptions": "Berita mitra yang tidak dihitung atau advertorial",
    "partner_exceptions_note": "Daftar lengkap semua berita mitra ada di berkas HTML dan XLSX.",
    "truncated": "Menampilkan {shown} dari {total} baris; daftar lengkap ada di berkas HTML dan XLSX.",
    "no_partners": "Tidak ada media mitra dengan kontrak aktif pada bulan ini.",
    "new": "baru",
    "total": "Jumlah",
    "day": "Hari",
    "month": "Bulan",
    "medium": "Media cetak/daring",
    "sheet_overview": "Ikhtisar",
    "sheet_agencies": "Instansi",
    "sheet_programs": "Program",
    "sheet_outlets": "Media",
    "sheet_tiers": "Tingkat",
    "sheet_top": "Berita utama",
    "sheet_speakers": "Narasumber",
    "sheet_pickup": "Rilis",
    "sheet_daily": "Harian",
    "sheet_partners": "Mitra",
    "sheet_partner_stories": "Berita mitra",
}

EN: dict[str, str] = {
    "clip_title": "Paser Regency News Clipping",
    "clip_empty": "No stories about Paser Regency on this day.",
    "summary": "Summary",
    "contents": "Contents",
    "stories": "Stories",
    "outlets": "Outlets",
    "mentions": "Mentions",
    "tone": "Tone",
    "tone_split": "Tone split",
    "positif": "positive",
    "netral": "neutral",
    "negatif": "negative",
    "top_agencies": "Most covered agencies",
    "pickup": "Press releases picked up by several outlets",
    "pickup_none": "No press release was picked up by more than one outlet.",
    "leadership": "Regency leadership",
    "other_group": "Other",
    "outlet": "Outlet",
    "time": "Time",
    "headline": "Headline",
    "link": "Link",
    "spokesperson": "Spokesperson",
    "mention_sentence": "Mentioning sentence",
    "article_text": "Article",
    "lead_excerpt": "Excerpt",
    "also_mentions": "Also mentions",
    "advertorial": "advertorial",
    "page": "Page",
    "of": "of",
    "wita": "WITA",
    "date": "Date",
    "n_outlets": "{n} outlets",
    "chat_intro": "Paser Regency news clipping, {day}",
    "chat_counts": "{stories} stories from {outlets} outlets. Tone: {positif} positive, {netral} neutral, {negatif} negative.",
    "chat_top": "Most covered: {items}.",
    "chat_pickup": "Press releases picked up by several outlets: {n}.",
    "chat_files": "Full file: {name}.pdf",
    "chat_empty": "No stories about Paser Regency on {day}.",
    "report_title": "Paser Regency Media Exposure Report",
    "report_empty": "No stories about Paser Regency this month.",
    "overview": "Overview",
    "this_month": "This month",
    "prev_month": "Previous month",
    "last_year": "Last year",
    "change_prev": "Change from previous month",
    "change_year": "Change from last year",
    "chg_prev": "± prev. month",
    "chg_year": "± last year",
    "sov_short": "Share",
    "per_agency": "Stories per agency",
    "per_program": "Stories per program",
    "share_of_voice": "Share of voice",
    "name": "Name",
    "entity": "Entity",
    "outlets_tiers": "Outlets and tiers",
    "tier": "Tier",
    "kind": "Kind",
    "reach": "Estimated reach",
    "pr_value": "PR value (IDR, estimated)",
    "no_value": "Stories without a value per story",
    "page_views": "Page views",
    "page_views_stories": "Stories with page views",
    "reach_value": "Reach and PR value",
    "formulas": "Formulas",
    "formula_reach": "Reach = sum over stories of the publishing outlet's monthly visitors (Meltwater convention). Outlets without visitor figures are left out.",
    "formula_value": "PR value = sum over stories of the value per story configured for the outlet (by tier). Stories from outlets without a value are left out and counted.",
    "formula_sov": "Share of voice = stories mentioning the entity / sum of stories of all entities of the same kind that month.",
    "formula_change": "Change = (this month - reference) / reference; \"new\" when the reference is zero.",
    "top_stories": "Top stories",
    "top_stories_rule": "Ranked by outlets carrying the same release, headline mentions, outlet tier, then page views.",
    "top_spokespersons": "Top spokespersons",
    "statements": "Statements",
    "copies": "Copies",
    "first_outlet": "First outlet",
    "daily_trend": "Daily trend",
    "partners": "Media partner fulfilment",
    "partners_rule": "A story counts when published within the contract period and about Paser Regency; a story 80% or more similar to another outlet's earlier version does not count. Advertorials are flagged.",
    "quota": "Quota",
    "counted": "Counted",
    "not_counted": "Not counted",
    "advertorials": "Advertorials",
    "met": "Met",
    "yes": "yes",
    "no": "no",
    "contract": "Contract period",
    "reason": "Reason",
    "similar_to": "{pct}% similar to {outlet}",
    "partner_stories": "Partner stories",
    "partner_exceptions": "Partner stories not counted or advertorial",
    "partner_exceptions_note": "The full list of partner stories is in the HTML and XLSX files.",
    "truncated": "Showing {shown} of {total} rows; the full list is in the HTML and XLSX files.",
    "no_partners": "No media partner has an active contract this month.",
    "new": "new",
    "total": "Total",
    "day": "Day",
    "month": "Month",
    "medium": "Medium",
    "sheet_overview": "Overview",
    "sheet_agencies": "Agencies",
    "sheet_programs": "Programs",
    "sheet_outlets": "Outlets",
    "sheet_tiers": "Tiers",
    "sheet_top": "Top stories",
    "sheet_speakers": "Spokespersons",
    "sheet_pickup": "Releases",
    "sheet_daily": "Daily",
    "sheet_partners": "Partners",
    "sheet_partner_stories": "Partner stories",
}

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def labels(language: str = "id") -> dict[str, str]:
    """The label table for a language (``id`` or ``en``)."""
    return EN if language == "en" else ID


def long_date(day: date, language: str = "id") -> str:
    """``Senin, 23 November 2026``."""
    lang = "en" if language == "en" else "id"
    return f"{_DAYS[lang][day.weekday()]}, {day.day} {_MONTHS[lang][day.month - 1]} {day.year}"


def month_name(year: int, month: int, language: str = "id") -> str:
    """``November 2026``."""
    lang = "en" if language == "en" else "id"
    return f"{_MONTHS[lang][month - 1]} {year}"


def number(value: float | int, language: str = "id", decimals: int = 0) -> str:
    """Thousands separated the local way: ``1.234.567`` (id) or ``1,234,567`` (en)."""
    text = f"{value:,.{decimals}f}"
    if language == "en":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def percent(value: float | None, language: str = "id", signed: bool = False) -> str:
    """``12,5%`` / ``+12,5%``; an empty string for None."""
    if value is None:
        return ""
    text = number(value * 100, language, 1) + "%"
    return ("+" + text) if signed and value > 0 else text
