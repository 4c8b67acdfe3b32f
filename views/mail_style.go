package views

// Inline styles of the e-mail that depend on the text's direction or the store's colour. The
// colour was checked to be #rrggbb (brandColor), so nothing but a colour reaches the CSS.

func start(v MailView) string {
	if v.Dir == "rtl" {
		return "right"
	}
	return "left"
}

func cardStyle(v MailView) string {
	return "max-width:560px;background-color:#ffffff;border-radius:8px;border-top:4px solid " + v.Brand + ";"
}

func bodyCellStyle(v MailView) string {
	return "padding:24px;font-family:Arial,Helvetica,'Noto Sans',sans-serif;font-size:16px;line-height:1.5;color:#1f2933;text-align:" + start(v) + ";"
}

func labelCellStyle(v MailView) string {
	return "padding:6px 0;border-bottom:1px solid #e5e7eb;color:#4a5565;font-size:14px;vertical-align:top;text-align:" + start(v) + ";"
}

func valueCellStyle(v MailView) string {
	return "padding:6px 0;border-bottom:1px solid #e5e7eb;color:#111827;font-size:14px;font-weight:bold;vertical-align:top;text-align:" + end(v) + ";"
}

func hashCellStyle(v MailView) string {
	return "padding:6px 0;border-bottom:1px solid #e5e7eb;font-family:Consolas,Menlo,monospace;font-size:12px;word-break:break-all;vertical-align:top;text-align:" + end(v) + ";"
}

func buttonCellStyle(v MailView) string {
	return "background-color:" + v.Brand + ";border-radius:6px;"
}

func end(v MailView) string {
	if v.Dir == "rtl" {
		return "left"
	}
	return "right"
}
