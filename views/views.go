// Package views holds the payer pages' templ components and the typed view models they take, each
// shaped like the screen it draws. Components know nothing of payments or HTTP: the handlers build
// the models, and the language travels in the context (WithLocalizer).
package views

import (
	"context"

	"github.com/cryptocheckout/checkout/locales"
)

type localizerKey struct{}

// WithLocalizer returns a context whose components speak l's language.
func WithLocalizer(ctx context.Context, l *locales.Localizer) context.Context {
	return context.WithValue(ctx, localizerKey{}, l)
}

// LocalizerFrom returns the context's localizer, nil when there is none.
func LocalizerFrom(ctx context.Context) *locales.Localizer {
	l, _ := ctx.Value(localizerKey{}).(*locales.Localizer)
	return l
}

// t renders a message in the context's language; without a localizer the id shows, which tests
// catch.
func t(ctx context.Context, id string, args ...any) string {
	if l := LocalizerFrom(ctx); l != nil {
		return l.T(id, args...)
	}
	return id
}

type pickerKey struct{}

// WithLanguagePicker returns a context whose pages show p, the language picker. Like the
// localizer it belongs to the request, not to a page's model, so every page gets it the same way.
func WithLanguagePicker(ctx context.Context, p *LanguagePicker) context.Context {
	return context.WithValue(ctx, pickerKey{}, p)
}

// languagePicker returns the context's picker, nil when the page has none.
func languagePicker(ctx context.Context) *LanguagePicker {
	p, _ := ctx.Value(pickerKey{}).(*LanguagePicker)
	return p
}
