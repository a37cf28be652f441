/* strings.c: the kiosk's words, one table per language (see strings.h). */
#include <string.h>

#include "fair/strings.h"

static const char *const str_ja[STR_COUNT] = {
	[STR_NONE] = "",
	[STR_SHOW_BADGE] = "バッジのQRコードをかざしてください",
	[STR_SHOW_BADGE_SUB] = "Please show your badge",
	[STR_TODAY_COUNT] = "本日の受付",
	[STR_SEATS_LEFT] = "残席",
	[STR_CAMERA_SLOT] = "カメラ",
	[STR_STAFF] = "スタッフ",
	[STR_REGISTER] = "当日参加の登録",
	[STR_DEMO_BADGE] = "【デモ専用】デモバッジ",
	[STR_LANG_TOGGLE] = "English",
	[STR_CHECKING] = "確認中…",
	[STR_WELCOME] = "受付しました",
	[STR_NAME_SUFFIX] = " さん",
	[STR_ALREADY_AT] = "受付済みです",
	[STR_REFUSED] = "受付できません",
	[STR_CALL_STAFF] = "スタッフをお呼びください",
	[STR_CLOCK_WARN_TITLE] = "時計を確認してください",
	[STR_CLOCK_WARN_BODY] =
		"この端末の時計がイベントの日付と合いません。"
		"スタッフが時刻を確認するまで受付できません。",
	[STR_PIN_TITLE] = "スタッフ暗証番号",
	[STR_PIN_WRONG] = "暗証番号が違います",
	[STR_PIN_LOCKED] = "しばらくお待ちください（秒）:",
	[STR_OK] = "OK",
	[STR_BACK] = "戻る",
	[STR_DELETE] = "削除",
	[STR_STAFF_TITLE] = "スタッフメニュー",
	[STR_STAFF_RECENT] = "最近の受付・取消",
	[STR_STAFF_FIND] = "名前で検索・手動受付",
	[STR_STAFF_PLACE] = "場所・セッション切替",
	[STR_STAFF_CLOCK] = "時計の設定",
	[STR_STAFF_EXPORT] = "USBへ書き出し",
	[STR_STAFF_EXIT] = "受付画面に戻る",
	[STR_STAFF_QUIT] = "アプリを終了",
	[STR_VOID] = "選択した受付を取消",
	[STR_CHECKIN_HAND] = "選択した人を受付",
	[STR_SEARCH_KANA] = "フリガナで検索",
	[STR_CLOCK_CONFIRM] = "この時刻で確定",
	[STR_CLOCK_NOW] = "現在の時刻",
	[STR_NO_ROWS] = "該当なし",
	[STR_REG_TITLE] = "当日参加の登録",
	[STR_REG_KANA] = "お名前（フリガナ）",
	[STR_REG_NAME] = "お名前（ローマ字・任意）",
	[STR_REG_SCHOOL] = "学校名（検索して選択）",
	[STR_REG_GRADE] = "学年",
	[STR_REG_EMAIL] = "メールアドレス",
	[STR_REG_CONSENT] = "連絡先を参加企業に提供することに同意します",
	[STR_REG_CONSENT_TEXT] =
		"同意すると、氏名・学校・メールアドレスが"
		"あなたが訪問した企業に提供されます。",
	[STR_YES] = "同意する",
	[STR_NO] = "同意しない",
	[STR_NEXT] = "次へ",
	[STR_PREV] = "前へ",
	[STR_SUBMIT] = "登録する",
	[STR_DONE] = "完了",
	[STR_SPACE] = "空白",
	[STR_KBD_SWITCH] = "カナ/ABC",
	[STR_REG_BUSY] = "登録中…",
	[STR_BADGE_TITLE] = "あなたのバッジです",
	[STR_BADGE_HINT] =
		"このQRコードを撮影するか、印刷したバッジをお持ちください",
	[STR_REG_FAILED] = "登録できませんでした。スタッフをお呼びください",
	[STR_PRINTED] = "印刷しました",
	[STR_PRINT_FAILED] = "印刷できませんでした（登録は保存済み）",
	[STR_EXPORTED] = "書き出しました",
	[STR_EXPORT_FAILED] = "書き出せませんでした",
	[STR_VOIDED] = "取り消しました",
	[STR_VOID_FAILED] = "取り消せませんでした",
	[STR_PLACE_SET] = "場所を切り替えました",
	[STR_QUEUED] = "待ち",
	[STR_GRADE_OTHER] = "その他",
	[STR_COUNT_PLACE] = "この場所の本日の受付（人）",
	[STR_COUNT_KIOSK] = "この端末の本日の記録（件）",
	[STR_COUNT_REG] = "本日の当日登録（人）",
	[STR_NO_PRINTER] = "プリンター未設定",
	[STR_STORE_LOST] = "データファイルが失われました。受付は記録されません",
	[STR_STORE_READONLY] =
		"データファイルに書き込めません。受付は記録されません",
	[STR_NO_USB] = "USBメモリが見つかりません。差し込んでからもう一度",
	[STR_EXPORT_WRITTEN] = "件をUSBメモリに書き出しました",
	[STR_STUDENT_NOTICE] = "ただいま機器を確認中です。"
			       "スタッフにお声がけください。",
	[STR_SESSION_FULL] = "満席です",
	[STR_SESSION_OVER] = "このセッションは終了しました",
	[STR_BADGE_HINT_NOPRINT] = "この画面のQRコードを"
				   "スマートフォンで撮影してください。",
	[STR_OUT_ACCEPTED] = "受付しました",
	[STR_OUT_ALREADY] = "すでに受付済みです",
	[STR_OUT_MALFORMED] = "このコードは参加バッジではありません",
	[STR_OUT_FORGED] = "バッジを確認できません（破損または偽造）",
	[STR_OUT_OTHER_EVENT] = "別のイベントのバッジです",
	[STR_OUT_REVOKED] = "このバッジは無効です（再発行済み）",
	[STR_OUT_NOT_TODAY] = "本日は使えないバッジです",
	[STR_OUT_OUTSIDE_SESSION] = "このセッションの受付時間外です",
	[STR_OUT_FULL] = "このセッションは満席です",
	[STR_OUT_STAFF] = "スタッフバッジです",
	[STR_OUT_NOT_STORED] = "記録できませんでした。スタッフをお呼びください",
	[STR_NOT_EXPECTED] = "受付しました（予定外）",
	[STR_NOT_EXPECTED_SUB] = "今日のこの企業の予定にありません。スタッフに確認します",
	[STR_GOODBYE] = "おつかれさまでした",
	[STR_VISIT_ARRIVED] = "到着",
	[STR_VISIT_EXPECTED] = "予定",
	[STR_VISIT_MISSING] = "未着",
	[STR_RALLY] = "スタンプラリー",
	[STR_RALLY_DONE] = "達成！",
	[STR_VISIT_UNEXPECTED] = "予定外",
	[STR_FB_TITLE] = "今日の訪問はいかがでしたか？",
	[STR_FB_TAGS] = "あてはまるものを選んでください（いくつでも）",
	[STR_FB_SEND] = "送信",
	[STR_FB_SKIP] = "スキップ",
	[STR_FB_FACE1] = "(>_<) よくない",
	[STR_FB_FACE2] = "(-_-) いまひとつ",
	[STR_FB_FACE3] = "(・_・) ふつう",
	[STR_FB_FACE4] = "(^_^) よい",
	[STR_FB_FACE5] = "(^o^) とてもよい",
};

static const char *const str_en[STR_COUNT] = {
	[STR_NONE] = "",
	[STR_SHOW_BADGE] = "Please show your badge's QR code",
	[STR_SHOW_BADGE_SUB] = "バッジをかざしてください",
	[STR_TODAY_COUNT] = "Today",
	[STR_SEATS_LEFT] = "seats left",
	[STR_CAMERA_SLOT] = "Camera",
	[STR_STAFF] = "Staff",
	[STR_REGISTER] = "Walk-in registration",
	[STR_DEMO_BADGE] = "[DEMO ONLY] demo badge",
	[STR_LANG_TOGGLE] = "日本語",
	[STR_CHECKING] = "Checking...",
	[STR_WELCOME] = "Checked in",
	[STR_NAME_SUFFIX] = "",
	[STR_ALREADY_AT] = "Already checked in",
	[STR_REFUSED] = "Not accepted",
	[STR_CALL_STAFF] = "Please ask a staff member",
	[STR_CLOCK_WARN_TITLE] = "Check the clock",
	[STR_CLOCK_WARN_BODY] =
		"This kiosk's clock is outside the event's dates. "
		"No check-ins until staff confirm or set the time.",
	[STR_PIN_TITLE] = "Staff PIN",
	[STR_PIN_WRONG] = "Wrong PIN",
	[STR_PIN_LOCKED] = "Please wait (seconds):",
	[STR_OK] = "OK",
	[STR_BACK] = "Back",
	[STR_DELETE] = "Delete",
	[STR_STAFF_TITLE] = "Staff menu",
	[STR_STAFF_RECENT] = "Recent scans / void",
	[STR_STAFF_FIND] = "Find student / check in",
	[STR_STAFF_PLACE] = "Switch place / session",
	[STR_STAFF_CLOCK] = "Set the clock",
	[STR_STAFF_EXPORT] = "Export to USB",
	[STR_STAFF_EXIT] = "Back to check-in",
	[STR_STAFF_QUIT] = "Quit the app",
	[STR_VOID] = "Void the selected scan",
	[STR_CHECKIN_HAND] = "Check in the selected",
	[STR_SEARCH_KANA] = "Search by kana",
	[STR_CLOCK_CONFIRM] = "Use this time",
	[STR_CLOCK_NOW] = "Current time",
	[STR_NO_ROWS] = "Nothing found",
	[STR_REG_TITLE] = "Walk-in registration",
	[STR_REG_KANA] = "Name (katakana)",
	[STR_REG_NAME] = "Name (latin, optional)",
	[STR_REG_SCHOOL] = "School (search, then pick)",
	[STR_REG_GRADE] = "Grade",
	[STR_REG_EMAIL] = "E-mail",
	[STR_REG_CONSENT] =
		"I agree to share my contact details with companies",
	[STR_REG_CONSENT_TEXT] =
		"If you agree, your name, school and e-mail go to the "
		"companies you visit.",
	[STR_YES] = "I agree",
	[STR_NO] = "I do not agree",
	[STR_NEXT] = "Next",
	[STR_PREV] = "Back",
	[STR_SUBMIT] = "Register",
	[STR_DONE] = "Done",
	[STR_SPACE] = "Space",
	[STR_KBD_SWITCH] = "Kana/ABC",
	[STR_REG_BUSY] = "Registering...",
	[STR_BADGE_TITLE] = "Your badge",
	[STR_BADGE_HINT] =
		"Take a photo of this QR code or keep the printed badge",
	[STR_REG_FAILED] = "Could not register. Please ask a staff member",
	[STR_PRINTED] = "Printed",
	[STR_PRINT_FAILED] = "Printing failed (registration is saved)",
	[STR_EXPORTED] = "Exported",
	[STR_EXPORT_FAILED] = "Export failed",
	[STR_VOIDED] = "Voided",
	[STR_VOID_FAILED] = "Could not void",
	[STR_PLACE_SET] = "Place switched",
	[STR_QUEUED] = "waiting",
	[STR_GRADE_OTHER] = "Other",
	[STR_COUNT_PLACE] = "Checked in here today (people)",
	[STR_COUNT_KIOSK] = "Recorded by this kiosk today",
	[STR_COUNT_REG] = "Walk-ins registered today",
	[STR_NO_PRINTER] = "No printer configured",
	[STR_STORE_LOST] = "The data file is gone: check-ins are NOT stored",
	[STR_STORE_READONLY] =
		"The data file cannot be written: check-ins are NOT stored",
	[STR_NO_USB] = "No USB drive found. Plug one in and try again",
	[STR_EXPORT_WRITTEN] = " records written to the USB drive",
	[STR_STUDENT_NOTICE] = "A device is being checked. Please ask staff.",
	[STR_SESSION_FULL] = "This session is full",
	[STR_SESSION_OVER] = "This session has ended",
	[STR_BADGE_HINT_NOPRINT] = "Take a photo of this QR code with your"
				   " phone.",
	[STR_OUT_ACCEPTED] = "Checked in",
	[STR_OUT_ALREADY] = "Already checked in",
	[STR_OUT_MALFORMED] = "This code is not a badge of this fair",
	[STR_OUT_FORGED] = "This badge cannot be verified (damaged or forged)",
	[STR_OUT_OTHER_EVENT] = "This badge is for another event",
	[STR_OUT_REVOKED] = "This badge was replaced and no longer works",
	[STR_OUT_NOT_TODAY] = "This badge is not valid today",
	[STR_OUT_OUTSIDE_SESSION] = "This session is not open for check-in now",
	[STR_OUT_FULL] = "This session is full",
	[STR_OUT_STAFF] = "Staff badge",
	[STR_OUT_NOT_STORED] =
		"Could not record this. Please ask a staff member",
	[STR_NOT_EXPECTED] = "Checked in (not expected)",
	[STR_NOT_EXPECTED_SUB] = "Not on today's plan for this company; staff will check",
	[STR_GOODBYE] = "Thank you for visiting",
	[STR_VISIT_ARRIVED] = "Arrived",
	[STR_VISIT_EXPECTED] = "expected",
	[STR_VISIT_MISSING] = "Not arrived",
	[STR_RALLY] = "Stamp rally",
	[STR_RALLY_DONE] = "complete!",
	[STR_VISIT_UNEXPECTED] = "not expected",
	[STR_FB_TITLE] = "How was your visit today?",
	[STR_FB_TAGS] = "Tick what applies (any number)",
	[STR_FB_SEND] = "Send",
	[STR_FB_SKIP] = "Skip",
	[STR_FB_FACE1] = "(>_<) Poor",
	[STR_FB_FACE2] = "(-_-) So-so",
	[STR_FB_FACE3] = "(・_・) OK",
	[STR_FB_FACE4] = "(^_^) Good",
	[STR_FB_FACE5] = "(^o^) Great",
};

static const char *const *const str_tables[LANG_COUNT] = {
	[LANG_JA] = str_ja,
	[LANG_EN] = str_en,
};

const char *str_get(enum str_id id, enum lang lang)
{
	const char *s;

	if ((unsigned)id >= STR_COUNT || (unsigned)lang >= LANG_COUNT)
		return "";
	s = str_tables[lang][id];
	return s ? s : "";
}

enum str_id str_outcome(enum outcome o)
{
	static const enum str_id map[OUTCOME_COUNT] = {
		[OUTCOME_ACCEPTED] = STR_OUT_ACCEPTED,
		[OUTCOME_ALREADY] = STR_OUT_ALREADY,
		[OUTCOME_MALFORMED] = STR_OUT_MALFORMED,
		[OUTCOME_FORGED] = STR_OUT_FORGED,
		[OUTCOME_OTHER_EVENT] = STR_OUT_OTHER_EVENT,
		[OUTCOME_REVOKED] = STR_OUT_REVOKED,
		[OUTCOME_NOT_TODAY] = STR_OUT_NOT_TODAY,
		[OUTCOME_OUTSIDE_SESSION] = STR_OUT_OUTSIDE_SESSION,
		[OUTCOME_FULL] = STR_OUT_FULL,
		[OUTCOME_STAFF] = STR_OUT_STAFF,
		[OUTCOME_NOT_STORED] = STR_OUT_NOT_STORED,
	};

	if ((unsigned)o >= OUTCOME_COUNT)
		return STR_OUT_MALFORMED;
	return map[o];
}

const char *lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "ja";
}

int lang_parse(const char *code)
{
	if (!strcmp(code, "ja"))
		return LANG_JA;
	if (!strcmp(code, "en"))
		return LANG_EN;
	return -1;
}
