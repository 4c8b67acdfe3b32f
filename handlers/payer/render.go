package payer

import (
	"bytes"
	"context"
	"sync"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes a component as the HTML answer, in loc's language. It renders into a buffer first,
// so a failure never leaves half a page.
func render(c *fiber.Ctx, status int, loc *locales.Localizer, page templ.Component) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := page.Render(pageContext(c, loc, status < 400), buf); err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, loc.Lang())
	// A copy: Send would keep buf itself as the body, and buf goes back to the pool (to the next
	// request's render) before the server has written this answer.
	c.Response().SetBody(buf.Bytes())
	return nil
}

// renderBytes renders a page in loc's language into a new byte slice, for pages that are kept.
func renderBytes(c *fiber.Ctx, loc *locales.Localizer, page templ.Component) ([]byte, error) {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := page.Render(pageContext(c, loc, true), buf); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// pageContext carries what every page's frame needs of the request: the language and the
// language picker. An error page's picker does not repeat the request's URL (see languagePicker).
func pageContext(c *fiber.Ctx, loc *locales.Localizer, samePage bool) context.Context {
	return views.WithLanguagePicker(views.WithLocalizer(c.UserContext(), loc), languagePicker(c, loc, samePage))
}

// layout is the frame of a page in loc's language.
func layout(loc *locales.Localizer, title string, refresh bool) views.Layout {
	return views.Layout{Lang: loc.Lang(), Dir: loc.Dir(), Title: title, Refresh: refresh}
}
