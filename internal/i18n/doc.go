// Package i18n is responsible for every user-facing text in bokmål (nb),
// nynorsk (nn) and English (en): message catalogues by key with CLDR plural
// rules, language matching from Accept-Language, and Norwegian date and
// number formats.
package i18n
