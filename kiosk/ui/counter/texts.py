"""Every string the counter window shows, in Indonesian and English, and service errors as one
readable line.

The same dict-per-language shape as kiosk/ui/i18n.py (the kiosk's strings), kept apart so the two
windows can be worded and reviewed separately. Indonesian is baku ("silakan", "izin").

Service errors: the use cases raise KioskError subclasses whose messages are mostly bilingual,
"<Indonesian> / <English>" (or the other way round). The officer sees the half in the window's
language, with its details (ticket number, missing documents, the next stage); Forbidden and
Unavailable get a sentence of their own because their messages are technical English.
"""

from __future__ import annotations

import logging
import re

from kiosk.errors import Forbidden, KioskError, Unavailable
from kiosk.i18n import error_text as shared_error_text
from kiosk.ui.i18n import Lang, Translator

log = logging.getLogger(__name__)

MESSAGES: dict[Lang, dict[str, str]] = {
    "id": {
        "window_title": "MPP Kiosk - Loket",
        "app_title": "Loket Pelayanan",
        "app_subtitle": "Mal Pelayanan Publik Kabupaten Probolinggo",
        # sign in
        "signin_title": "Masuk Petugas",
        "signin_hint": "Silakan masuk dengan akun petugas Anda.",
        "username": "Nama pengguna",
        "password": "Kata sandi",
        "signin": "Masuk",
        "signin_missing": "Silakan isi nama pengguna dan kata sandi.",
        "signin_wrong": "Nama pengguna atau kata sandi salah.",
        "signin_locked": (
            "Akun dikunci sementara setelah 5 kali gagal masuk. Silakan coba lagi dalam 5 menit."
        ),
        "signing_in": "Memeriksa akun...",
        # counter choice
        "choose_title": "Pilih Loket",
        "choose_hint": "Halo, {name}. Silakan pilih loket tempat Anda bertugas.",
        "choose_none": "Tidak ada loket untuk instansi Anda. Silakan hubungi admin.",
        "choose_button": "Bertugas di loket ini",
        "state_open": "Buka",
        "state_paused": "Jeda",
        "state_closed": "Tutup",
        "queues": "Antrian {prefixes}",
        # header
        "officer": "Petugas: {name}",
        "change_counter": "Ganti loket",
        "signout": "Keluar",
        "tab_queue": "Antrian",
        "tab_register": "Daftarkan Permohonan",
        "tab_progress": "Progres Permohonan",
        "tab_worklist": "Daftar Kerja",
        # queue panel
        "current_title": "Tiket saat ini",
        "current_none": "Belum ada tiket dipanggil",
        "current_none_hint": "Tekan F1 untuk memanggil tiket berikutnya.",
        "current_closed_hint": "Loket belum dibuka. Tekan F7 untuk membuka loket.",
        "current_paused_hint": "Loket sedang dijeda. Tekan F7 untuk membuka kembali.",
        "status_called": "Dipanggil",
        "status_serving": "Sedang dilayani",
        "priority_badge": "PRIORITAS: {kind}",
        "transferred_badge": "Dialihkan",
        "recalls": "Dipanggil ulang {count} kali",
        "since_called": "Dipanggil pukul {time} ({minutes} menit lalu)",
        "since_serving": "Dilayani sejak {time} ({minutes} menit)",
        "act_call_next": "Panggil berikutnya",
        "act_recall": "Panggil ulang",
        "act_start": "Mulai layani",
        "act_finish": "Selesai",
        "act_no_show": "Tidak hadir",
        "act_transfer": "Alihkan",
        "act_pause": "Jeda",
        "act_open": "Buka loket",
        "waiting_title": "Menunggu",
        "waiting_queue": "Antrian {prefix}: {count}",
        "waiting_priority": "Prioritas: {count}",
        "waiting_for_counter": "Dialihkan ke loket ini: {count}",
        "today_title": "Hari ini",
        "served_today": "Selesai dilayani: {count}",
        "no_show_today": "Tidak hadir: {count}",
        "waiting_list": "Daftar tunggu",
        "waiting_list_empty": "Tidak ada yang menunggu.",
        "priority_mark": "prioritas",
        "transferred_mark": "dialihkan",
        "call_this": "Panggil nomor ini",
        "counter_state": "Loket {state}",
        "info_called": "{number} dipanggil ke loket {counter}.",
        "info_none_waiting": "Tidak ada tiket yang menunggu.",
        "info_recalled": "{number} dipanggil ulang.",
        "info_serving": "{number} sedang dilayani.",
        "info_finished": "{number} selesai.",
        "info_no_show": "{number} ditandai tidak hadir.",
        "info_transferred": "{number} dialihkan.",
        "info_opened": "Loket dibuka.",
        "info_paused": "Loket dijeda.",
        "info_closed": "Loket ditutup.",
        # transfer dialog
        "transfer_title": "Alihkan Tiket {number}",
        "transfer_hint": "Pengunjung tetap memakai nomor yang sama dan tidak kembali ke belakang.",
        "transfer_to_service": "Ke layanan lain",
        "transfer_to_counter": "Ke loket tertentu",
        "transfer_service": "Layanan",
        "transfer_counter": "Loket",
        "transfer_ok": "Alihkan",
        "cancel": "Batal",
        "transfer_need": "Silakan pilih layanan atau loket tujuan.",
        # printer fault
        "fault_banner": "Printer bermasalah: {count} cetakan gagal. Terakhir: {what} ({error})",
        "fault_reprint": "Cetak ulang di printer loket",
        "fault_kind_ticket": "tiket {label}",
        "fault_kind_receipt": "tanda terima {label}",
        "fault_kind_test": "halaman uji",
        "info_reprinted": "Dicetak ulang di printer loket.",
        # register
        "reg_title": "Daftarkan Permohonan (berkas lengkap)",
        "reg_service": "Layanan",
        "reg_service_placeholder": "Ketik nama atau kode layanan",
        "reg_name": "Nama pemohon",
        "reg_nik": "NIK",
        "reg_nik_placeholder": "16 angka",
        "reg_phone": "Nomor HP (boleh kosong)",
        "reg_documents": "Dokumen diterima",
        "reg_all_documents": "Centang semua",
        "reg_not_applicable": "Tidak berlaku",
        "reg_no_documents": "Layanan ini tidak memiliki persyaratan dokumen.",
        "reg_complete_now": "Berkas lengkap sekarang",
        "reg_complete_at": "Berkas lengkap pada",
        "reg_link_ticket": "Tautkan ke tiket {number}",
        "reg_print": "Cetak tanda terima di printer loket",
        "reg_pdf": "Simpan tanda terima PDF A5",
        "reg_submit": "Daftarkan",
        "reg_clear": "Kosongkan",
        "reg_pick_service": "Silakan pilih layanan dari daftar.",
        "reg_done_title": "Permohonan terdaftar",
        "reg_result_title": "Hasil pendaftaran",
        "reg_result_hint": (
            "Nomor pendaftaran, kode pelacakan, dan perkiraan tanggal selesai tampil di sini "
            "setelah Anda menekan Daftarkan. Tanda terima dicetak di printer loket."
        ),
        "reg_number": "Nomor pendaftaran",
        "reg_tracking": "Kode pelacakan",
        # coded service errors (the same texts as tools/i18n_inbox/rules.toml)
        "reg_due": "Perkiraan selesai",
        "reg_due_provisional": (
            "Perhatian: tanggal ini melewati kalender libur yang sudah dikonfirmasi. Libur tahun "
            "itu masih perkiraan sehingga tanggal dapat bergeser. Sampaikan hal ini kepada "
            "pemohon."
        ),
        "reg_applicant": "Pemohon",
        "reg_sop_days": "{count} hari kerja",
        "reg_sop_minutes": "{count} menit",
        "reg_new": "Pendaftaran baru",
        "reg_reprint": "Cetak ulang tanda terima",
        "reg_save_pdf": "Simpan PDF A5",
        "print_queued": "Tanda terima sedang dicetak...",
        "print_done": "Tanda terima sudah dicetak.",
        "print_failed": "Tanda terima gagal dicetak: {error}",
        "printer_err_offline": "printer mati atau tidak tersambung",
        "printer_err_paper_out": "kertas printer habis",
        "printer_err_timeout": "printer tidak menjawab",
        "printer_err_refused": "printer menolak sambungan (mati atau alamat/port salah?)",
        "printer_err_error": "kesalahan printer",
        "pdf_saved": "PDF tersimpan: {path}",
        "registering": "Mendaftarkan...",
        # progress
        "prog_title": "Progres Permohonan",
        "prog_code": "Kode pelacakan atau nomor pendaftaran",
        "prog_code_placeholder": "Pindai QR tanda terima atau ketik kodenya",
        "prog_find": "Cari",
        "prog_missing": "Silakan ketik atau pindai kode terlebih dahulu.",
        "prog_status": "Status",
        "prog_stage": "Tahapan",
        "prog_due": "Perkiraan selesai",
        "prog_late": "Terlambat {days} hari kerja",
        "prog_on_time": "Sesuai jadwal",
        "prog_clock_stopped": "Waktu layanan berhenti (menunggu pemohon)",
        "prog_note": "Catatan / alasan",
        "prog_note_placeholder": "Wajib untuk pengembalian berkas dan penolakan",
        "prog_advance": "Lanjut ke: {stage}",
        "prog_advance_none": "Lanjut ke tahap berikutnya",
        "prog_return": "Kembalikan ke pemohon",
        "prog_resume": "Pemohon sudah kembali",
        "prog_ready": "Tandai siap diambil",
        "prog_handover": "Serahkan kepada pemohon",
        "prog_reject": "Tolak",
        "prog_reprint": "Cetak ulang tanda terima",
        "prog_need_note": "Silakan isi catatan atau alasan terlebih dahulu.",
        "prog_updated": "Permohonan {number} diperbarui: {stage}.",
        "stage_done": "selesai",
        "stage_current": "sedang berlangsung",
        "stage_pending": "belum",
        "app_status_in_progress": "Sedang diproses",
        "app_status_waiting_applicant": "Menunggu pemohon",
        "app_status_ready": "Siap diambil",
        "app_status_handed_over": "Sudah diserahkan",
        "app_status_rejected": "Ditolak",
        # no-show confirmation
        "confirm_no_show": "Tandai {number} tidak hadir? Tekan F5 sekali lagi atau Ya.",
        "confirm_yes": "Ya, tidak hadir",
        "confirm_cancel": "Batal (Esc)",
        # work list
        "wl_title": "Permohonan Terbuka Instansi Anda",
        "wl_summary": "{count} permohonan, {overdue} terlambat. Urut menurut perkiraan selesai.",
        "wl_col_due": "Perkiraan selesai",
        "wl_col_number": "Nomor pendaftaran",
        "wl_col_applicant": "Pemohon",
        "wl_col_service": "Layanan",
        "wl_col_stage": "Tahap",
        "wl_col_late": "Keterangan",
        "wl_empty": "Tidak ada permohonan terbuka.",
        "wl_open": "Buka di Progres",
        "wl_reload": "Muat ulang",
        # errors
        "error_forbidden_agency": (
            "Akses ditolak: Anda petugas instansi lain. Silakan minta petugas instansi ini "
            "atau supervisor."
        ),
        "error_forbidden_role": "Akses ditolak: peran Anda tidak berwenang untuk tindakan ini.",
        "error_unavailable": "Basis data tidak dapat dihubungi. Silakan coba lagi sebentar lagi.",
        "error_unexpected": "Terjadi kesalahan tak terduga. Silakan coba lagi atau hubungi admin.",
        # Coded queue errors (code.reason; the same texts as tools/i18n_inbox/queue.toml) until
        # kiosk.i18n.error_text words every error.
        "offline": "Koneksi ke basis data terputus; menghubungkan ulang...",
        "busy": "Mohon tunggu...",
    },
    "en": {
        "window_title": "MPP Kiosk - Counter",
        "app_title": "Service Counter",
        "app_subtitle": "Probolinggo Regency Public Service Mall",
        "signin_title": "Staff Sign-in",
        "signin_hint": "Please sign in with your staff account.",
        "username": "Username",
        "password": "Password",
        "signin": "Sign in",
        "signin_missing": "Please enter your username and password.",
        "signin_wrong": "Wrong username or password.",
        "signin_locked": (
            "The account is locked after 5 failed sign-ins. Please try again in 5 minutes."
        ),
        "signing_in": "Checking the account...",
        "choose_title": "Choose a Counter",
        "choose_hint": "Hello, {name}. Please choose the counter you are working at.",
        "choose_none": "There is no counter for your agency. Please contact the administrator.",
        "choose_button": "Work at this counter",
        "state_open": "Open",
        "state_paused": "Paused",
        "state_closed": "Closed",
        "queues": "Queue {prefixes}",
        "officer": "Officer: {name}",
        "change_counter": "Change counter",
        "signout": "Sign out",
        "tab_queue": "Queue",
        "tab_register": "Register Application",
        "tab_progress": "Application Progress",
        "tab_worklist": "Work List",
        "current_title": "Current ticket",
        "current_none": "No ticket called yet",
        "current_none_hint": "Press F1 to call the next ticket.",
        "current_closed_hint": "The counter is not open yet. Press F7 to open it.",
        "current_paused_hint": "The counter is paused. Press F7 to open it again.",
        "status_called": "Called",
        "status_serving": "Being served",
        "priority_badge": "PRIORITY: {kind}",
        "transferred_badge": "Transferred",
        "recalls": "Recalls: {count}",
        "since_called": "Called at {time} ({minutes} min ago)",
        "since_serving": "Served since {time} ({minutes} min)",
        "act_call_next": "Call next",
        "act_recall": "Recall",
        "act_start": "Start serving",
        "act_finish": "Finish",
        "act_no_show": "No-show",
        "act_transfer": "Transfer",
        "act_pause": "Pause",
        "act_open": "Open counter",
        "waiting_title": "Waiting",
        "waiting_queue": "Queue {prefix}: {count}",
        "waiting_priority": "Priority: {count}",
        "waiting_for_counter": "Transferred to this counter: {count}",
        "today_title": "Today",
        "served_today": "Served: {count}",
        "no_show_today": "No-shows: {count}",
        "waiting_list": "Waiting list",
        "waiting_list_empty": "Nobody is waiting.",
        "priority_mark": "priority",
        "transferred_mark": "transferred",
        "call_this": "Call this number",
        "counter_state": "Counter {state}",
        "info_called": "{number} called to counter {counter}.",
        "info_none_waiting": "No ticket is waiting.",
        "info_recalled": "{number} called again.",
        "info_serving": "{number} is being served.",
        "info_finished": "{number} finished.",
        "info_no_show": "{number} marked as no-show.",
        "info_transferred": "{number} transferred.",
        "info_opened": "Counter opened.",
        "info_paused": "Counter paused.",
        "info_closed": "Counter closed.",
        "transfer_title": "Transfer Ticket {number}",
        "transfer_hint": "The visitor keeps the same number and does not go to the back.",
        "transfer_to_service": "To another service",
        "transfer_to_counter": "To a specific counter",
        "transfer_service": "Service",
        "transfer_counter": "Counter",
        "transfer_ok": "Transfer",
        "cancel": "Cancel",
        "transfer_need": "Please choose a service or a counter.",
        "fault_banner": "Printer problem: {count} failed print(s). Latest: {what} ({error})",
        "fault_reprint": "Reprint on the counter printer",
        "fault_kind_ticket": "ticket {label}",
        "fault_kind_receipt": "receipt {label}",
        "fault_kind_test": "test page",
        "info_reprinted": "Reprinted on the counter printer.",
        "reg_title": "Register an Application (complete file)",
        "reg_service": "Service",
        "reg_service_placeholder": "Type a service name or code",
        "reg_name": "Applicant's name",
        "reg_nik": "NIK",
        "reg_nik_placeholder": "16 digits",
        "reg_phone": "Phone number (optional)",
        "reg_documents": "Documents received",
        "reg_all_documents": "Tick all",
        "reg_not_applicable": "Not applicable",
        "reg_no_documents": "This service has no document requirements.",
        "reg_complete_now": "File complete now",
        "reg_complete_at": "File complete at",
        "reg_link_ticket": "Link to ticket {number}",
        "reg_print": "Print the receipt on the counter printer",
        "reg_pdf": "Save the receipt as an A5 PDF",
        "reg_submit": "Register",
        "reg_clear": "Clear",
        "reg_pick_service": "Please choose a service from the list.",
        "reg_done_title": "Application registered",
        "reg_result_title": "Registration result",
        "reg_result_hint": (
            "The registration number, tracking code and expected completion date appear here "
            "after you press Register. The receipt is printed on the counter printer."
        ),
        "reg_number": "Registration number",
        "reg_tracking": "Tracking code",
        # coded service errors (the same texts as tools/i18n_inbox/rules.toml)
        "reg_due": "Expected completion",
        "reg_due_provisional": (
            "Note: this date lies past the confirmed holiday calendar. That year's holidays are "
            "still estimates, so the date may move. Please tell the applicant."
        ),
        "reg_applicant": "Applicant",
        "reg_sop_days": "{count} working days",
        "reg_sop_minutes": "{count} minutes",
        "reg_new": "New registration",
        "reg_reprint": "Reprint receipt",
        "reg_save_pdf": "Save A5 PDF",
        "print_queued": "Printing the receipt...",
        "print_done": "The receipt has been printed.",
        "print_failed": "The receipt could not be printed: {error}",
        "printer_err_offline": "the printer is off or not connected",
        "printer_err_paper_out": "the printer is out of paper",
        "printer_err_timeout": "the printer does not answer",
        "printer_err_refused": "the printer refused the connection (off, or wrong address/port?)",
        "printer_err_error": "printer error",
        "pdf_saved": "PDF saved: {path}",
        "registering": "Registering...",
        "prog_title": "Application Progress",
        "prog_code": "Tracking code or registration number",
        "prog_code_placeholder": "Scan the receipt's QR code or type its code",
        "prog_find": "Find",
        "prog_missing": "Please type or scan a code first.",
        "prog_status": "Status",
        "prog_stage": "Stages",
        "prog_due": "Expected completion",
        "prog_late": "Late by {days} working days",
        "prog_on_time": "On schedule",
        "prog_clock_stopped": "Service clock stopped (waiting for the applicant)",
        "prog_note": "Note / reason",
        "prog_note_placeholder": "Required to return a file or to reject",
        "prog_advance": "Advance to: {stage}",
        "prog_advance_none": "Advance to the next stage",
        "prog_return": "Return to applicant",
        "prog_resume": "Applicant is back",
        "prog_ready": "Mark ready for pick-up",
        "prog_handover": "Hand over to applicant",
        "prog_reject": "Reject",
        "prog_reprint": "Reprint receipt",
        "prog_need_note": "Please write a note or reason first.",
        "prog_updated": "Application {number} updated: {stage}.",
        "stage_done": "done",
        "stage_current": "in progress",
        "stage_pending": "not yet",
        "app_status_in_progress": "In progress",
        "app_status_waiting_applicant": "Waiting for the applicant",
        "app_status_ready": "Ready for pick-up",
        "app_status_handed_over": "Handed over",
        "app_status_rejected": "Rejected",
        "confirm_no_show": "Mark {number} as a no-show? Press F5 once more or Yes.",
        "confirm_yes": "Yes, no-show",
        "confirm_cancel": "Cancel (Esc)",
        "wl_title": "Your Agency's Open Applications",
        "wl_summary": "{count} applications, {overdue} late. Sorted by expected completion.",
        "wl_col_due": "Expected completion",
        "wl_col_number": "Registration number",
        "wl_col_applicant": "Applicant",
        "wl_col_service": "Service",
        "wl_col_stage": "Stage",
        "wl_col_late": "Remarks",
        "wl_empty": "There are no open applications.",
        "wl_open": "Open in Progress",
        "wl_reload": "Reload",
        "error_forbidden_agency": (
            "Access denied: you are an officer of another agency. Please ask an officer of "
            "this agency or a supervisor."
        ),
        "error_forbidden_role": "Access denied: your role may not do this.",
        "error_unavailable": "The database cannot be reached. Please try again in a moment.",
        "error_unexpected": "Something unexpected went wrong. Please try again or call the admin.",
        "offline": "Connection to the database lost; reconnecting...",
        "busy": "Please wait...",
    },
}


def translate(lang: Lang, key: str, **values: object) -> str:
    """One message; a missing key shows the key (visible, never a crash)."""
    text = MESSAGES[lang].get(key) or MESSAGES["id"].get(key) or key
    return text.format(**values) if values else text


class CounterTranslator(Translator):
    """The kiosk's Translator (language switch, pick/pick_seq) over the counter's messages."""

    def t(self, key: str, **values: object) -> str:
        return translate(self.lang, key, **values)


# Words that mark the Indonesian half of a bilingual service message.
_ID_WORDS = frozenset(
    re.findall(
        r"\w+",
        """tidak belum sudah sedang tiket loket dan yang ke di dari untuk berkas tahap layanan
        permohonan pemohon kurang lengkap antrian dulu lagi atau hari ini itu bukan buka tutup
        dijeda melayani selesaikan lewati ditemukan ada harus boleh maksimal kosong angka nomor
        dokumen persyaratan tersedia menunggu siap diambil diserahkan ditolak pilih""",
    )
)
_WORD = re.compile(r"[a-zA-Z]+")


def _indonesian_score(text: str) -> int:
    return sum(1 for word in _WORD.findall(text.lower()) if word in _ID_WORDS)


def pick_half(message: str, lang: Lang) -> str:
    """The half of an "<id> / <en>" (or "<en> / <id>") message in ``lang``; the whole message
    when it is not two halves."""
    parts = message.split(" / ")
    if len(parts) != 2:
        return message
    first, second = (p.strip() for p in parts)
    first_is_id = _indonesian_score(first) >= _indonesian_score(second)
    id_part, en_part = (first, second) if first_is_id else (second, first)
    chosen = id_part if lang == "id" else en_part
    return chosen[:1].upper() + chosen[1:]


def error_text(lang: Lang, exc: BaseException) -> str:
    """A service error as one readable line in ``lang`` (never a traceback)."""
    if isinstance(exc, KioskError) and exc.legacy_message is None:
        return shared_error_text(lang, exc)
    if isinstance(exc, Forbidden):
        text = str(exc)
        if "locked" in text:
            return translate(lang, "signin_locked")
        if "wrong password" in text or "unknown user" in text:
            return translate(lang, "signin_wrong")
        if "another agency" in text or exc.reason == "other_agency":
            return translate(lang, "error_forbidden_agency")
        return translate(lang, "error_forbidden_role")
    if isinstance(exc, Unavailable):
        return translate(lang, "error_unavailable")
    if isinstance(exc, KioskError):
        line = (str(exc).strip().splitlines() or [""])[0]
        return pick_half(line, lang) or translate(lang, "error_unexpected")
    return translate(lang, "error_unexpected")


def printer_error_text(lang: Lang, last_error: str) -> str:
    """A print job's last error ("<kind>: <technical detail>") as words in ``lang``.

    The spool stores the printer module's error kind first; staff read the kind in their language,
    the technical detail (address, byte counts) stays in the tooltip and the logs.
    """
    kind = last_error.split(":", 1)[0].strip()
    key = f"printer_err_{kind}"
    if key in MESSAGES[lang]:
        return translate(lang, key)
    return (last_error.strip().splitlines() or [""])[0][:120]
