/* itaiji.c: the variant table behind itaiji.h. Common form first, then
 * its name variants as found in family registers (戸籍) and rosters. */
#include <string.h>

#include "fair/itaiji.h"
#include "fair/jtext.h"

static const uint32_t table[][4] = {
	{ 0x9AD8, 0x9AD9, 0, 0 },           /* 高 髙 */
	{ 0x5D0E, 0xFA11, 0x5D5C, 0x7895 }, /* 崎 﨑 嵜 碕 */
	{ 0x5409, 0x20BB7, 0, 0 },          /* 吉 𠮷 */
	{ 0x8FBA, 0x908A, 0x9089, 0 },      /* 辺 邊 邉 */
	{ 0x6589, 0x9F4A, 0x9F4B, 0 },      /* 斉 齊 齋 */
	{ 0x658E, 0x9F4B, 0, 0 },           /* 斎 齋 */
	{ 0x6CA2, 0x6FA4, 0, 0 },           /* 沢 澤 */
	{ 0x6D5C, 0x6FF1, 0, 0 },           /* 浜 濱 */
	{ 0x685C, 0x6AFB, 0, 0 },           /* 桜 櫻 */
	{ 0x56FD, 0x570B, 0, 0 },           /* 国 國 */
	{ 0x5CF6, 0x5D8B, 0x5D8C, 0 },      /* 島 嶋 嶌 */
	{ 0x5E83, 0x5EE3, 0, 0 },           /* 広 廣 */
	{ 0x771F, 0x771E, 0, 0 },           /* 真 眞 */
	{ 0x5FB3, 0x5FB7, 0, 0 },           /* 徳 德 */
	{ 0x5BCC, 0x51A8, 0, 0 },           /* 富 冨 */
	{ 0x6075, 0x60E0, 0, 0 },           /* 恵 惠 */
	{ 0x6804, 0x69AE, 0, 0 },           /* 栄 榮 */
	{ 0x585A, 0xFA10, 0, 0 },           /* 塚 塚 */
	{ 0x8535, 0x85CF, 0, 0 },           /* 蔵 藏 */
	{ 0x7ADC, 0x9F8D, 0, 0 },           /* 竜 龍 */
	{ 0x5B9F, 0x5BE6, 0, 0 },           /* 実 實 */
	{ 0x95A2, 0x95DC, 0, 0 },           /* 関 關 */
	{ 0x6EDD, 0x7027, 0, 0 },           /* 滝 瀧 */
	{ 0x793C, 0x79AE, 0, 0 },           /* 礼 禮 */
	{ 0x4E80, 0x9F9C, 0, 0 },           /* 亀 龜 */
	{ 0x6867, 0x6A9C, 0, 0 },           /* 桧 檜 */
	{ 0x69D9, 0x69C7, 0, 0 },           /* 槙 槇 */
	{ 0x67F3, 0x6801, 0, 0 },           /* 柳 栁 */
	{ 0x66FD, 0x66FE, 0, 0 },           /* 曽 曾 */
	{ 0x702C, 0x7028, 0, 0 },           /* 瀬 瀨 */
	{ 0x5CF0, 0x5CEF, 0, 0 },           /* 峰 峯 */
	{ 0x4E07, 0x842C, 0, 0 },           /* 万 萬 */
	{ 0x5F25, 0x5F4C, 0, 0 },           /* 弥 彌 */
	{ 0x6052, 0x6046, 0, 0 },           /* 恒 恆 */
	{ 0x664B, 0x6649, 0, 0 },           /* 晋 晉 */
	{ 0x6765, 0x4F86, 0, 0 },           /* 来 來 */
	{ 0x9ED2, 0x9ED1, 0, 0 },           /* 黒 黑 */
	{ 0x6761, 0x689D, 0, 0 },           /* 条 條 */
};

const uint32_t *itaiji_variants(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i][0] == cp)
			return table[i][1] ? &table[i][1] : NULL;
	return NULL;
}

/* text with the character at byte offset at (len bytes) replaced by v. */
static int put_replaced(const char *text, size_t at, size_t len, uint32_t v,
			char *out, size_t cap)
{
	size_t n = 0;
	const char *p = text + at + len;

	if (at + 1 > cap)
		return -1;
	memcpy(out, text, at);
	n = at;
	out[n] = '\0';
	if (!jtext_put(out, cap, &n, v))
		return -1;
	while (*p)
		if (!jtext_put(out, cap, &n, jtext_next(&p)))
			return -1;
	out[n] = '\0'; /* jtext_put writes no NUL */
	return 0;
}

int itaiji_expand(const char *text, char *out, size_t cap, int max)
{
	const char *p = text;
	int n = 0;

	while (*p && n < max) {
		size_t at = (size_t)(p - text);
		const uint32_t *v = itaiji_variants(jtext_next(&p));

		for (int k = 0; v && k < 3 && v[k] && n < max; k++)
			if (!put_replaced(text, at, (size_t)(p - text) - at,
					  v[k], out + (size_t)n * cap, cap))
				n++;
	}
	return n;
}
