// Package i18n is responsible for every user-facing text in bokmål (nb),
// nynorsk (nn) and English (en): message catalogues by key with CLDR plural
// rules, language matching from Accept-Language, and Norwegian date,
// number and meeting-slot formats. Its tests fail when a key used in Go
// code or a template is missing from any language.
package i18n
