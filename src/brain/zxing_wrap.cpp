// zxing_wrap.cpp: the C interface of include/fair/zxing_wrap.h over
// ZXing-C++ 1.4 (ReadBarcode). Kept to this file so the rest stays C.
#include <cstring>
#include <exception>

#define ZX_USE_UTF8 1 /* text() as UTF-8; we take bytes() anyway */
#include <ReadBarcode.h>

#include "fair/zxing_wrap.h"

extern "C" int zxing_read(const uint8_t *gray, int w, int h, int stride,
			  unsigned flags, char *out, size_t cap, size_t *len)
{
	*len = 0;
	if (cap > 0)
		out[0] = '\0';
	if (!gray || w <= 0 || h <= 0 || stride < w)
		return -1;
	try {
		ZXing::DecodeHints hints;

		hints.setFormats((flags & ZXING_QR_ONLY) ?
				 ZXing::BarcodeFormat::QRCode :
				 ZXing::BarcodeFormat::Any);
		hints.setTryHarder((flags & ZXING_HARDER) != 0);
		hints.setTryRotate((flags & ZXING_ROTATE) != 0);
		hints.setTryDownscale((flags & ZXING_DOWNSCALE) != 0);
		hints.setBinarizer((flags & ZXING_GLOBAL) ?
				   ZXing::Binarizer::GlobalHistogram :
				   ZXing::Binarizer::LocalAverage);
		if (flags & ZXING_FIRST)
			hints.setMaxNumberOfSymbols(1);
		ZXing::ImageView view(gray, w, h, ZXing::ImageFormat::Lum,
				      stride);
		ZXing::Result r = ZXing::ReadBarcode(view, hints);

		if (!r.isValid())
			return 0;
		const ZXing::ByteArray &b = r.bytes();
		if (b.empty() || b.size() >= cap)
			return 0;
		std::memcpy(out, b.data(), b.size());
		out[b.size()] = '\0';
		*len = b.size();
		return 1;
	} catch (...) {
		return -1;
	}
}
