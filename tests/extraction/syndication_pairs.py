"""Constructed pairs for the near-duplicate measurements (tests and docs/extraction.md).

One press release as Diskominfostaper would send it, and four other outlets' versions of the same
event: a verbatim copy under the outlet's own dateline and sign-off, a light edit, a rewritten lead,
and a different story written by a reporter who attended the same event.
"""

from __future__ import annotations

RELEASE = [
    "Bupati Paser Fahmi Fadli meluncurkan portal Satu Data Paser dan aplikasi Paser Smart Service di "
    "Ruang Sadurengas Kantor Bupati Paser, Kamis (26/11/2026).",
    "Peluncuran tersebut menjadi bagian dari upaya Pemerintah Kabupaten Paser mewujudkan visi Paser "
    "TUNTAS melalui tata kelola pemerintahan berbasis data yang terpadu dan mudah diakses masyarakat.",
    "\u201cMelalui Satu Data Paser, seluruh perangkat daerah wajib memperbarui data sektoral secara "
    "berkala sehingga perencanaan pembangunan tidak lagi berdasarkan perkiraan,\u201d ujar Fahmi Fadli.",
    "Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian (Diskominfostaper) Paser Arief Rahman "
    "menjelaskan, portal tersebut memuat lebih dari 1.200 set data dari 42 perangkat daerah, mulai dari "
    "data kependudukan, kesehatan, pendidikan hingga infrastruktur jalan desa.",
    "Sementara aplikasi Paser Smart Service menggabungkan 37 layanan publik dalam satu pintu, di antaranya "
    "pengurusan administrasi kependudukan, perizinan usaha, pengaduan masyarakat dan informasi pajak daerah.",
    "Arief menambahkan, pada tahap awal layanan dapat diakses melalui ponsel pintar dan anjungan mandiri "
    "yang ditempatkan di kantor kecamatan. Pemerintah juga menyiapkan petugas pendamping di setiap "
    "kecamatan bagi warga yang belum terbiasa menggunakan layanan digital.",
    "Ia berharap masyarakat memanfaatkan layanan tersebut dan menyampaikan masukan agar aplikasi terus "
    "disempurnakan sesuai kebutuhan warga Kabupaten Paser.",
]

VERBATIM = ["TANA PASER, MCPaser - " + RELEASE[0], *RELEASE[1:], "(Prokopim)"]

LIGHT_EDIT = [
    "PASER, KABARPASER - Bupati Paser dr. Fahmi Fadli resmi meluncurkan portal Satu Data Paser dan "
    "aplikasi Paser Smart Service di Ruang Sadurengas Kantor Bupati Paser, Kamis (26/11/2026).",
    RELEASE[1],
    RELEASE[2].replace("ujar Fahmi Fadli", "kata Bupati"),
    RELEASE[3].replace("menjelaskan", "mengatakan"),
    RELEASE[4],
    RELEASE[5].replace("ponsel pintar", "telepon genggam"),
    RELEASE[6],
]

REWRITTEN_LEAD = [
    "TANA PASER - Warga Kabupaten Paser kini dapat mengurus puluhan layanan publik cukup dari telepon "
    "genggam. Pemkab Paser resmi memperkenalkan aplikasi Paser Smart Service bersamaan dengan portal "
    "Satu Data Paser pada Kamis (26/11/2026) di Kantor Bupati.",
    "Menurut Bupati Fahmi Fadli, langkah ini ditempuh agar pelayanan lebih cepat dan perencanaan "
    "pembangunan berpijak pada data yang akurat, sejalan dengan visi Paser TUNTAS.",
    *RELEASE[2:],
]

SAME_EVENT = [
    "TANA PASER - Sejumlah warga yang hadir dalam peluncuran aplikasi layanan publik di Kantor Bupati "
    "Paser, Kamis (26/11/2026), mengaku masih kesulitan membuka aplikasi karena jaringan internet di "
    "desa mereka belum stabil.",
    "Rusdi, warga Desa Rantau Buta, Kecamatan Muara Komam, mengatakan sinyal di kampungnya hanya "
    "tersedia di beberapa titik sehingga ia khawatir layanan daring justru menyulitkan warga pedalaman.",
    "\u201cAplikasinya bagus, tapi kalau sinyal tidak ada, kami tetap harus ke kecamatan,\u201d tuturnya.",
    "Anggota DPRD Paser yang hadir meminta Diskominfostaper memperluas jaringan internet desa sebelum "
    "mewajibkan layanan daring, serta memastikan petugas kecamatan siap membantu warga lanjut usia.",
    "Menanggapi hal itu, Kepala Diskominfostaper Arief Rahman menyebut pihaknya tengah mengusulkan "
    "pembangunan menara telekomunikasi di 12 desa yang belum terjangkau sinyal pada tahun depan.",
]


def text(paragraphs: list[str]) -> str:
    """Paragraphs joined as extraction stores them."""
    return "\n".join(paragraphs)
