/* internship.h: the type of student program an event is, and what the
 * 2022 rules let it hand to companies.
 *
 * The 2022 agreement of MEXT, MHLW and METI (三省合意, 「インターンシップ
 * を始めとする学生のキャリア形成支援に係る取組の推進に当たっての基本的
 * 考え方」) sorts programs into four types. Only type 3 (汎用的能力・専門
 * 活用型インターンシップ) and type 4 (高度専門型インターンシップ) may pass
 * student information to companies for recruiting; type 1 (オープン・カン
 * パニー) and type 2 (キャリア教育) may not. An event without a type is a
 * recruiting fair (合同企業説明会), where consent alone decides.
 *
 * The type is the event setting INTERNSHIP_KEY_TYPE ("1".."4"), set with
 * `fairsync settings --internship-type N`; the event's own prefecture
 * (県内/県外 in the KPI report) is EVENT_KEY_PREFECTURE. Nothing here
 * prints.
 */
#ifndef FAIR_INTERNSHIP_H
#define FAIR_INTERNSHIP_H

#include <stdbool.h>
#include <stddef.h>

#include "fair/err.h"
#include "fair/store.h"

#define INTERNSHIP_KEY_TYPE "internship_type"
#define EVENT_KEY_PREFECTURE "prefecture"

/* The event's type, 1..4, or 0 when unset (a recruiting fair). A stored
 * value that is not 1..4 reads as 0. */
int internship_type(struct store *st);

/* "類型1 オープン・カンパニー", ..., "類型4 高度専門型インターンシップ";
 * for 0 "設定なし（採用目的の合同企業説明会）". Static. */
const char *internship_type_label(int type);

/* True when the type may pass student information to companies: unset,
 * 3 or 4. */
bool internship_may_share(int type);

/* 0 when the event's type allows handing students' information to
 * companies. Otherwise FAIR_EINVAL with err saying so in one sentence
 * citing the rule, what (e.g. "連絡先（リード）の出力") naming the refused
 * act: "この催しは類型1（オープン・カンパニー）です。2022年の三省合意
 * により類型1・2の取組は学生の情報を企業に渡せないため、...はできません
 * (...)". */
int internship_refuse_sharing(struct store *st, const char *what,
			      struct fair_err *err);

#endif
