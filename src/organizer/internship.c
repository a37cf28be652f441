/* internship.c: the event's program type and the 2022 rule on passing
 * student information to companies (see fair/internship.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fair/internship.h"
#include "fair/tours.h"

int internship_type(struct store *st)
{
	char buf[16];

	if (tours_setting_get(st, INTERNSHIP_KEY_TYPE, buf, sizeof(buf)))
		return 0;
	if (buf[0] >= '1' && buf[0] <= '4' && !buf[1])
		return buf[0] - '0';
	return 0;
}

const char *internship_type_label(int type)
{
	static const char *const labels[] = {
		"設定なし（採用目的の合同企業説明会）",
		"類型1 オープン・カンパニー",
		"類型2 キャリア教育",
		"類型3 汎用的能力・専門活用型インターンシップ",
		"類型4 高度専門型インターンシップ",
	};

	return type >= 0 && type <= 4 ? labels[type] : labels[0];
}

bool internship_may_share(int type)
{
	return type == 0 || type == 3 || type == 4;
}

int internship_refuse_sharing(struct store *st, const char *what,
			      struct fair_err *err)
{
	int t = internship_type(st);

	if (internship_may_share(t))
		return 0;
	return fair_fail(err, FAIR_EINVAL, "この催しは「%s」です。2022年の三省"
			 "合意により類型1・2の取組は学生の情報を企業に渡せ"
			 "ないため、%sはできません (a type %d program passes "
			 "no student information to companies: 2022 "
			 "MEXT/MHLW/METI agreement)",
			 internship_type_label(t), what, t);
}
