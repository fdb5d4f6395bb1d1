"""Every string the citizen's kiosk shows, in Indonesian and English, and the live language switch.

Why one module of plain dicts instead of Qt Linguist files: the kiosk has two languages, a few
hundred short strings, and the people who review the wording (MPP staff) read a Python dict more
easily than .ts XML. The core and the services return codes (``Refused.reason``, ticket and
application statuses); they are translated here, never in the service layer.

Indonesian is baku (KBBI: "silakan", "izin", "praktik") with one deliberate exception: the menu
says "Antrian" (KBBI: "antrean") because the issue names the button "Ambil Antrian" and that is
the word on the MPP's own signs and in its spoken calls ("Nomor antrian ..."), so citizens
recognise it.
"""

from __future__ import annotations

import string
from typing import Literal

from PySide6.QtCore import QObject, Signal

Lang = Literal["id", "en"]
LANGS: tuple[Lang, ...] = ("id", "en")

# Labels of the language switch itself: each language names itself, so they never change.
LANGUAGE_NAMES: dict[Lang, str] = {"id": "Indonesia", "en": "English"}

MESSAGES: dict[Lang, dict[str, str]] = {
    "id": {
        # shell
        "app_title": "Mal Pelayanan Publik",
        "app_subtitle": "Kabupaten Probolinggo",
        "nav_back": "Kembali",
        "nav_home": "Beranda",
        "busy": "Mohon tunggu...",
        "page_of": "Halaman {page} dari {pages}",
        "prev_page": "Sebelumnya",
        "next_page": "Berikutnya",
        "printer_ok": "Printer siap",
        "printer_fault": "Printer bermasalah: tiket ditampilkan di layar",
        "printer_unknown": "Memeriksa printer...",
        # home
        "home_welcome": "Selamat datang! Silakan pilih:",
        "home_ticket": "Ambil Antrian",
        "home_ticket_sub": "Pilih layanan, lalu cetak nomor antrian",
        "home_scan": "Cek Progres Permohonan",
        "home_scan_sub": "Pindai QR tanda terima atau tiket Anda",
        "home_charter": "Piagam Zona Integritas",
        "home_charter_sub": "Janji layanan, hak Anda, dan cara mengadu",
        "home_scan_hint": "Punya tanda terima atau tiket? Dekatkan QR-nya ke pemindai kapan saja.",
        "home_closed": "MPP sedang tutup. Buka kembali {when}.",
        "home_closed_never": "MPP sedang tutup.",
        "when_day_time": "{day}, {time}",
        "when_today": "hari ini",
        "demo_badge": "DEMO",
        # agencies
        "agencies_title": "Pilih Instansi",
        "agencies_hint": "Sentuh instansi yang Anda tuju.",
        "agencies_search": "Cari layanan dengan mengetik",
        "agency_services": "{count} layanan",
        "agencies_empty": "Belum ada layanan yang dapat dipilih. Silakan hubungi petugas.",
        # services
        "services_title_all": "Cari Layanan",
        "services_hint": "Sentuh layanan yang Anda perlukan.",
        "search_placeholder": "Sentuh di sini untuk mengetik nama layanan",
        "search_clear": "Hapus",
        "search_none": "Tidak ada layanan yang cocok dengan \u201c{query}\u201d.",
        "search_none_hint": "Periksa ejaan atau hapus sebagian kata.",
        "badge_open": "Buka",
        "badge_closed": "Tutup",
        "badge_holiday": "Libur",
        "badge_quota": "Kuota habis",
        "badge_inactive": "Tidak tersedia",
        "waiting_count": "{count} orang menunggu",
        "waiting_none": "Tidak ada antrian",
        # service card
        "card_requirements": "Persyaratan",
        "card_procedure": "Prosedur",
        "card_time": "Jangka Waktu",
        "card_fee": "Biaya",
        "card_product": "Produk Layanan",
        "card_complaints": "Pengaduan",
        "fee_free": "Gratis",
        "fee_amount": "Rp{amount}",
        "time_days": "{count} hari kerja",
        "time_minutes": "{count} menit",
        "time_unknown": "Tanyakan kepada petugas",
        "none_listed": "Tidak ada persyaratan khusus.",
        "card_take": "Ambil Antrian",
        "card_open_status": "Layanan buka. {waiting}.",
        "card_est_wait": "Perkiraan waktu tunggu {duration}.",
        "refusal_closed": "Layanan ini sedang tutup.",
        "refusal_holiday": "Hari ini hari libur. Layanan tutup.",
        "refusal_quota": "Kuota antrian hari ini sudah habis.",
        "refusal_inactive": "Layanan ini sementara tidak tersedia.",
        "refusal_priority_not_allowed": "Antrian prioritas tidak tersedia untuk layanan ini.",
        "refusal_refused": "Tiket tidak dapat dibuat untuk layanan ini.",
        "hours_line": "Jam layanan: {hours}",
        "next_opening": "Buka kembali: {when}",
        "refusal_other": "Silakan pilih layanan lain atau tanyakan kepada petugas.",
        "quota_next": "Silakan datang lagi pada hari kerja berikutnya.",
        # priority
        "priority_lansia": "Lanjut usia (lansia)",
        "priority_disabilitas": "Penyandang disabilitas",
        "priority_ibu_hamil": "Ibu hamil",
        "priority_anak": "Anak-anak",
        "priority_korban_bencana": "Korban bencana",
        # confirm
        "confirm_title": "Periksa Sebelum Mencetak",
        "confirm_regular": "Biasa",
        "confirm_print": "Cetak Tiket",
        "confirm_hint": "Tiket keluar dari printer di bawah layar.",
        # printing
        "printing_title": "Tiket sedang dicetak...",
        "printing_hint": "Mohon tunggu sebentar.",
        "issuing_title": "Membuat nomor antrian...",
        # result
        "result_title": "Nomor Antrian Anda",
        "result_take": "Silakan ambil tiket Anda di bawah layar.",
        "result_wait_counter": (
            "Silakan menunggu di ruang tunggu. Nomor Anda akan dipanggil ke loket {counters}."
        ),
        "result_wait_counters": (
            "Silakan menunggu di ruang tunggu. Nomor Anda akan dipanggil ke loket {counters}."
        ),
        "result_wait_any": "Silakan menunggu di ruang tunggu sampai nomor Anda dipanggil.",
        "result_ahead": "Antrian di depan Anda",
        "result_ahead_count": "{count} orang",
        "result_est": "Perkiraan waktu tunggu",
        "result_est_soon": "Segera",
        "result_est_unknown": "Belum dapat diperkirakan",
        # The wait estimate (kiosk.core.estimate.phrase); the ticket slip has the same texts.
        "est_soon": "Segera",
        "est_minutes": "{duration}",
        "est_no_counter": "Belum ada loket yang buka",
        "est_no_counter_opens": "Belum ada loket yang buka; layanan buka {when}",
        "est_unknown": "Belum dapat diperkirakan",
        "card_no_counter": "{estimate}.",
        "result_priority": "Prioritas: {kind}",
        "result_done": "Selesai",
        # e-ticket
        "eticket_title": "Printer sedang bermasalah",
        "eticket_photo": "Silakan foto layar ini sebagai tiket Anda.",
        "eticket_show": "Tunjukkan foto ini kepada petugas saat nomor Anda dipanggil.",
        "eticket_number": "Nomor antrian",
        "eticket_code": "Kode tiket\n{code}",
        # scan
        "scan_title": "Cek Progres Permohonan",
        "scan_hint": "Dekatkan QR pada tanda terima atau tiket ke pemindai di bawah layar.",
        "scan_waiting": "Menunggu pemindaian...",
        "scan_type_code": "Ketik kode",
        "scan_type_code_sub": "Kode pada tanda terima atau tiket",
        "scan_type_reg": "Ketik nomor pendaftaran",
        "scan_type_reg_sub": "Nomor pendaftaran dan 4 digit terakhir NIK atau nomor HP",
        "code_title": "Ketik Kode",
        "code_label": "Kode pada tanda terima atau tiket (contoh: A-7K3M-9QXD-2HWA-F)",
        "code_placeholder": "Sentuh tombol huruf dan angka untuk mengetik",
        "reg_title": "Ketik Nomor Pendaftaran",
        "reg_label": "Nomor pendaftaran (contoh: PRB-2026-000123)",
        "reg_last4": "4 digit terakhir NIK atau nomor HP Anda",
        "search_button": "Cari",
        "missing_code": "Silakan ketik kodenya terlebih dahulu.",
        "missing_reg": "Silakan isi nomor pendaftaran dan 4 digit terakhir.",
        # scan results
        "notrec_title": "Kode tidak dikenali",
        "notrec_hint": (
            "Pastikan QR berasal dari tanda terima atau tiket MPP, lalu coba lagi. "
            "Anda juga dapat mengetik kodenya."
        ),
        "notrec_typed": "Periksa kembali nomor dan 4 digit terakhir yang Anda ketik.",
        "throttled_title": "Terlalu banyak percobaan",
        "throttled_hint": "Silakan coba lagi dalam {seconds} detik.",
        "try_again": "Coba lagi",
        "ticket_title": "Status Tiket {number}",
        "ticket_service": "Layanan",
        "ticket_issued": "Diambil",
        "ticket_status_waiting": "Menunggu dipanggil",
        "ticket_status_called": "Sedang dipanggil. Silakan menuju loket {counter}.",
        "ticket_status_called_nocounter": "Sedang dipanggil. Silakan menuju loket.",
        "ticket_status_serving": "Sedang dilayani di loket {counter}",
        "ticket_status_serving_nocounter": "Sedang dilayani",
        "ticket_status_done": "Selesai dilayani",
        "ticket_status_no_show": "Tidak hadir saat dipanggil. Silakan hubungi petugas.",
        "ticket_status_cancelled": "Tiket dibatalkan",
        "ticket_status_expired": "Tiket sudah tidak berlaku (bukan tiket hari ini)",
        "app_title_progress": "Progres Permohonan",
        "app_reg": "Nomor pendaftaran",
        "app_applicant": "Pemohon",
        "app_service": "Layanan",
        "app_status": "Status",
        "app_status_in_progress": "Sedang diproses",
        "app_status_waiting_applicant": "Menunggu tindakan Anda",
        "app_status_ready": "Siap diambil",
        "app_status_handed_over": "Sudah diserahkan",
        "app_status_rejected": "Ditolak",
        "app_due": "Perkiraan selesai",
        "app_on_time": "Sesuai jadwal",
        "app_late": "Terlambat {days} hari kerja",
        "app_clock_stopped": "Waktu layanan berhenti sementara sampai Anda menyelesaikan tahap ini",
        "app_stages": "Tahapan",
        "app_stage_current": "sedang berlangsung",
        "app_stage_pending": "belum",
        "app_reject_reason": "Alasan: {reason}",
        "app_pickup": "Bawa saat pengambilan",
        "app_late_complain": (
            "Permohonan Anda melewati jangka waktu layanan. Anda berhak menyampaikan pengaduan: "
            "{channel}"
        ),
        "complaint_title": "Status Pengaduan",
        "complaint_code": "Kode pengaduan",
        "complaint_status": "Status",
        "complaint_status_received": "Diterima, menunggu tindak lanjut",
        "complaint_status_in_progress": "Sedang ditindaklanjuti",
        "complaint_status_resolved": "Selesai ditindaklanjuti",
        "complaint_status_closed": "Ditutup",
        "complaint_status_rejected": "Tidak dapat ditindaklanjuti",
        # charter
        "charter_title": "Piagam Zona Integritas",
        "charter_missing": "Teks piagam belum tersedia. Silakan hubungi petugas.",
        # errors
        "error_title": "Maaf, terjadi gangguan",
        "error_hint": "Silakan coba lagi sebentar lagi atau minta bantuan petugas.",
        "error_unavailable": "Sistem antrian sedang tidak dapat dihubungi.",
        "error_not_found": "Layanan ini tidak ditemukan. Silakan pilih lagi.",
        # popular row, confirm, idle, typed codes
        "home_popular": "Layanan terpopuler hari ini",
        "confirm_bring": "Yang perlu dibawa",
        "confirm_card": "Standar pelayanan lengkap",
        "confirm_print_regular": "Cetak Tiket Reguler",
        "confirm_priority_title": "Termasuk kelompok rentan? Sentuh kelompok Anda:",
        "confirm_priority_explain": (
            "Lansia (60 tahun ke atas), penyandang disabilitas, ibu hamil, anak-anak, dan "
            "korban bencana dilayani lebih dahulu tanpa biaya tambahan."
        ),
        "idle_title": "Masih di sini?",
        "idle_body": "Layar kembali ke beranda dalam {seconds} detik dan pilihan Anda dihapus.",
        "idle_continue": "Ya, lanjutkan",
        "typed_characters": "Kode hanya berisi huruf dan angka. Periksa kembali yang Anda ketik.",
        "typed_registration": (
            "Ini nomor pendaftaran. Kembali, lalu pilih \u201cKetik nomor pendaftaran\u201d."
        ),
        "typed_too_short": (
            "Kode terlalu pendek: {length} dari {expected} huruf dan angka. "
            "Mungkin ada bagian yang terlewat."
        ),
        "typed_too_long": "Kode terlalu panjang: {length} dari {expected} huruf dan angka.",
        "typed_check": (
            "Huruf pemeriksa (yang terakhir) tidak cocok: mungkin ada salah ketik. "
            "Periksa kembali kodenya."
        ),
        # keyboard
        "key_space": "Spasi",
        "key_backspace": "Hapus",
        "key_clear": "Hapus semua",
        "key_done": "Selesai",
        # pin
        "pin_title": "Masukkan PIN supervisor",
        "pin_wrong": "PIN salah. Silakan coba lagi.",
        "pin_locked": "Terlalu banyak PIN salah. Silakan coba lagi dalam satu menit.",
        "pin_unset": "PIN keluar belum diatur oleh admin.",
        "pin_cancel": "Batal",
        "pin_exit": "Keluar",
    },
    "en": {
        "app_title": "Public Service Mall",
        "app_subtitle": "Probolinggo Regency",
        "nav_back": "Back",
        "nav_home": "Home",
        "busy": "Please wait...",
        "page_of": "Page {page} of {pages}",
        "prev_page": "Previous",
        "next_page": "Next",
        "printer_ok": "Printer ready",
        "printer_fault": "Printer problem: tickets are shown on screen",
        "printer_unknown": "Checking the printer...",
        "home_welcome": "Welcome! Please choose:",
        "home_ticket": "Take a Queue Ticket",
        "home_ticket_sub": "Choose a service, then print your number",
        "home_scan": "Check Application Progress",
        "home_scan_sub": "Scan the QR code on your receipt or ticket",
        "home_charter": "Integrity Charter",
        "home_charter_sub": "Our service promise, your rights, how to complain",
        "home_scan_hint": "Have a receipt or a ticket? Hold its QR code to the scanner anytime.",
        "home_closed": "The MPP is closed. It opens again {when}.",
        "home_closed_never": "The MPP is closed.",
        "when_day_time": "{day} at {time}",
        "when_today": "today",
        "demo_badge": "DEMO",
        "agencies_title": "Choose an Agency",
        "agencies_hint": "Touch the agency you need.",
        "agencies_search": "Search for a service by typing",
        "agency_services": "{count} services",
        "agencies_empty": "No service can be chosen yet. Please ask an officer.",
        "services_title_all": "Search Services",
        "services_hint": "Touch the service you need.",
        "search_placeholder": "Touch here to type a service name",
        "search_clear": "Clear",
        "search_none": "No service matches \u201c{query}\u201d.",
        "search_none_hint": "Check the spelling or remove part of the words.",
        "badge_open": "Open",
        "badge_closed": "Closed",
        "badge_holiday": "Holiday",
        "badge_quota": "Quota reached",
        "badge_inactive": "Unavailable",
        "waiting_count": "{count} people waiting",
        "waiting_none": "Nobody waiting",
        "card_requirements": "Requirements",
        "card_procedure": "Procedure",
        "card_time": "Service Time",
        "card_fee": "Fee",
        "card_product": "What You Receive",
        "card_complaints": "Complaints",
        "fee_free": "Free of charge",
        "fee_amount": "IDR {amount}",
        "time_days": "{count} working days",
        "time_minutes": "{count} minutes",
        "time_unknown": "Please ask an officer",
        "none_listed": "No special requirements.",
        "card_take": "Take a Ticket",
        "card_open_status": "Open now. {waiting}.",
        "card_est_wait": "Estimated wait {duration}.",
        "refusal_closed": "This service is closed now.",
        "refusal_holiday": "Today is a public holiday. The service is closed.",
        "refusal_quota": "Today's ticket quota for this service has been reached.",
        "refusal_inactive": "This service is temporarily unavailable.",
        "refusal_priority_not_allowed": "Priority tickets are not available for this service.",
        "refusal_refused": "A ticket cannot be issued for this service.",
        "hours_line": "Opening hours: {hours}",
        "next_opening": "Opens again: {when}",
        "refusal_other": "Please choose another service or ask an officer.",
        "quota_next": "Please come again on the next working day.",
        "priority_lansia": "Senior citizen",
        "priority_disabilitas": "Person with a disability",
        "priority_ibu_hamil": "Pregnant woman",
        "priority_anak": "Child",
        "priority_korban_bencana": "Disaster victim",
        "confirm_title": "Please Check Before Printing",
        "confirm_regular": "Regular",
        "confirm_print": "Print Ticket",
        "confirm_hint": "The ticket comes out of the printer below the screen.",
        "printing_title": "Printing your ticket...",
        "printing_hint": "Please wait a moment.",
        "issuing_title": "Getting your queue number...",
        "result_title": "Your Queue Number",
        "result_take": "Please take your ticket below the screen.",
        "result_wait_counter": (
            "Please wait in the waiting area. Your number will be called to counter {counters}."
        ),
        "result_wait_counters": (
            "Please wait in the waiting area. Your number will be called to counters {counters}."
        ),
        "result_wait_any": "Please wait in the waiting area until your number is called.",
        "result_ahead": "People ahead of you",
        "result_ahead_count": "{count} people",
        "result_est": "Estimated wait",
        "result_est_soon": "Soon",
        "result_est_unknown": "Cannot be estimated yet",
        "est_soon": "Soon",
        "est_minutes": "{duration}",
        "est_no_counter": "No counter is open yet",
        "est_no_counter_opens": "No counter is open yet; the service opens {when}",
        "est_unknown": "Cannot be estimated yet",
        "card_no_counter": "{estimate}.",
        "result_priority": "Priority: {kind}",
        "result_done": "Done",
        "eticket_title": "The printer has a problem",
        "eticket_photo": "Please take a photo of this screen as your ticket.",
        "eticket_show": "Show the photo to the officer when your number is called.",
        "eticket_number": "Queue number",
        "eticket_code": "Ticket code\n{code}",
        "scan_title": "Check Application Progress",
        "scan_hint": "Hold the QR code of your receipt or ticket under the scanner below.",
        "scan_waiting": "Waiting for a scan...",
        "scan_type_code": "Type a code",
        "scan_type_code_sub": "The code on your receipt or ticket",
        "scan_type_reg": "Type a registration number",
        "scan_type_reg_sub": "Registration number and the last 4 digits of your NIK or phone",
        "code_title": "Type a Code",
        "code_label": "The code on your receipt or ticket (e.g. A-7K3M-9QXD-2HWA-F)",
        "code_placeholder": "Touch the letter and number keys to type",
        "reg_title": "Type a Registration Number",
        "reg_label": "Registration number (e.g. PRB-2026-000123)",
        "reg_last4": "The last 4 digits of your NIK or phone number",
        "search_button": "Search",
        "missing_code": "Please type the code first.",
        "missing_reg": "Please fill in the registration number and the last 4 digits.",
        "notrec_title": "Code not recognised",
        "notrec_hint": (
            "Make sure the QR code comes from an MPP receipt or ticket and try again. "
            "You can also type the code."
        ),
        "notrec_typed": "Please check the number and the last 4 digits you typed.",
        "throttled_title": "Too many attempts",
        "throttled_hint": "Please try again in {seconds} seconds.",
        "try_again": "Try again",
        "ticket_title": "Ticket {number}",
        "ticket_service": "Service",
        "ticket_issued": "Taken",
        "ticket_status_waiting": "Waiting to be called",
        "ticket_status_called": "Being called now. Please go to counter {counter}.",
        "ticket_status_called_nocounter": "Being called now. Please go to the counter.",
        "ticket_status_serving": "Being served at counter {counter}",
        "ticket_status_serving_nocounter": "Being served",
        "ticket_status_done": "Served",
        "ticket_status_no_show": "Missed when called. Please ask an officer.",
        "ticket_status_cancelled": "Ticket cancelled",
        "ticket_status_expired": "Ticket no longer valid (not from today)",
        "app_title_progress": "Application Progress",
        "app_reg": "Registration number",
        "app_applicant": "Applicant",
        "app_service": "Service",
        "app_status": "Status",
        "app_status_in_progress": "In progress",
        "app_status_waiting_applicant": "Waiting for you to act",
        "app_status_ready": "Ready for pick-up",
        "app_status_handed_over": "Handed over",
        "app_status_rejected": "Rejected",
        "app_due": "Expected completion",
        "app_on_time": "On schedule",
        "app_late": "Late by {days} working days",
        "app_clock_stopped": "The service clock is paused until you complete this step",
        "app_stages": "Stages",
        "app_stage_current": "in progress",
        "app_stage_pending": "not yet",
        "app_reject_reason": "Reason: {reason}",
        "app_pickup": "Bring at pick-up",
        "app_late_complain": (
            "Your application is past its service time. You have the right to complain: {channel}"
        ),
        "complaint_title": "Complaint Status",
        "complaint_code": "Complaint code",
        "complaint_status": "Status",
        "complaint_status_received": "Received, waiting for follow-up",
        "complaint_status_in_progress": "Being followed up",
        "complaint_status_resolved": "Followed up and resolved",
        "complaint_status_closed": "Closed",
        "complaint_status_rejected": "Cannot be followed up",
        "charter_title": "Integrity Charter",
        "charter_missing": "The charter text is not available yet. Please ask an officer.",
        "error_title": "Sorry, something went wrong",
        "error_hint": "Please try again in a moment or ask an officer for help.",
        "error_unavailable": "The queue system cannot be reached right now.",
        "error_not_found": "This service was not found. Please choose again.",
        "home_popular": "Most requested services today",
        "confirm_bring": "What to bring",
        "confirm_card": "Full service standard",
        "confirm_print_regular": "Print a Regular Ticket",
        "confirm_priority_title": "In a priority group? Touch yours:",
        "confirm_priority_explain": (
            "Senior citizens (60 and over), people with a disability, pregnant women, children "
            "and disaster victims are served first at no extra cost."
        ),
        "idle_title": "Are you still there?",
        "idle_body": (
            "The screen returns to the start in {seconds} seconds and your choices are cleared."
        ),
        "idle_continue": "Yes, continue",
        "typed_characters": "A code has letters and digits only. Please check what you typed.",
        "typed_registration": (
            "This is a registration number. Go back and choose \u201cType a registration "
            "number\u201d."
        ),
        "typed_too_short": (
            "The code is too short: {length} of {expected} letters and digits. "
            "A part may be missing."
        ),
        "typed_too_long": "The code is too long: {length} of {expected} letters and digits.",
        "typed_check": (
            "The check character (the last one) does not match: probably a typo. "
            "Please check the code."
        ),
        "key_space": "Space",
        "key_backspace": "Delete",
        "key_clear": "Clear all",
        "key_done": "Done",
        "pin_title": "Enter the supervisor PIN",
        "pin_wrong": "Wrong PIN. Please try again.",
        "pin_locked": "Too many wrong PINs. Please try again in a minute.",
        "pin_unset": "No exit PIN has been set by the administrator.",
        "pin_cancel": "Cancel",
        "pin_exit": "Exit",
    },
}


def placeholders(text: str) -> set[str]:
    """The {names} a message expects (tests check both languages expect the same)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def translate(lang: Lang, key: str, **values: object) -> str:
    """One message in one language; a missing key shows the key (visible, never a crash)."""
    text = MESSAGES[lang].get(key) or MESSAGES["id"].get(key) or key
    return text.format(**values) if values else text


class Translator(QObject):
    """The kiosk's current language; screens re-label themselves on ``language_changed``.

    Signals:
        language_changed(str): the new language code ("id" or "en").
    """

    language_changed = Signal(str)

    def __init__(self, lang: Lang = "id", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang: Lang = lang

    @property
    def lang(self) -> Lang:
        return self._lang

    def set_language(self, lang: Lang) -> None:
        """Switch every visible string at run time (no restart)."""
        if lang not in LANGS:
            raise ValueError(f"unsupported language {lang!r}")
        if lang != self._lang:
            self._lang = lang
            self.language_changed.emit(lang)

    def t(self, key: str, **values: object) -> str:
        return translate(self._lang, key, **values)

    def pick(self, text_id: str, text_en: str) -> str:
        """Choose between a data field's two languages, falling back to Indonesian."""
        if self._lang == "en" and text_en:
            return text_en
        return text_id

    def pick_seq(self, seq_id: tuple[str, ...], seq_en: tuple[str, ...]) -> tuple[str, ...]:
        if self._lang == "en" and seq_en:
            return tuple(seq_en)
        return tuple(seq_id)
