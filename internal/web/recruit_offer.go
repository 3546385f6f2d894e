package web

import (
	"net/http"
	"time"

	"github.com/mentorhub/mentorhub/internal/app"
	"github.com/mentorhub/mentorhub/internal/recruit"
)

// The page an offered applicant answers by, /recruit/offer/{token}: no
// login, the secret of the mailed link is the key. It shows the offer and
// takes one answer, accept or decline; an unknown or stale link is not
// found, an answered one says so. Like the application form, its answers
// are rate-limited per client address, and it is protected against
// cross-site posts like every form.

type offerPage struct {
	Offer  recruit.Offer
	Token  string
	Done   string // "accepted" or "declined" just now
	Answer bool   // the offer had been answered before
}

// offerLimit takes one attempt of the client at the offer links.
func (s *Server) offerLimit(r *http.Request) error {
	if ok, wait := s.offers.allow(s.clientIP(r), s.now()); !ok {
		return (&app.Error{Code: app.CodeTooMany, Key: "recruit.too_many_offers", Message: "too many attempts from here; wait a minute"}).WithArgs("RetryAfter", int64(wait/time.Second)+1)
	}
	return nil
}

func (s *Server) handleOffer(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	o, err := s.Recruit.FindOffer(r.Context(), token)
	if err != nil {
		return err
	}
	d := &offerPage{Offer: o, Token: token, Answer: !o.Open()}
	if o.State == recruit.Accepted || o.State == recruit.Declined {
		d.Done = r.URL.Query().Get("done")
		if d.Done != "" {
			d.Answer = false
		}
	}
	// The secret is in the URL: no referrer leaves the page, no cache keeps it.
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "recruit/offer", d)
	return nil
}

// handleOfferAnswer takes the applicant's answer. As with the application
// form, an unknown link is not found first (a 256-bit secret is not
// guessed), and every client's answers then count against a limit (429
// beyond); the offer found is answered without a second lookup.
func (s *Server) handleOfferAnswer(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	found, err := s.Recruit.FindOffer(r.Context(), token)
	if err != nil {
		return err
	}
	if err := s.offerLimit(r); err != nil {
		return err
	}
	var accept bool
	switch r.PostFormValue("answer") {
	case "accept":
		accept = true
	case "decline":
	default:
		return app.Invalid("recruit.bad_answer", "accept or decline")
	}
	o, err := s.Recruit.Answer(r.Context(), found, accept)
	if app.ErrorCode(err) == app.CodeConflict {
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusConflict, "recruit/offer", &offerPage{Offer: o, Token: token, Answer: true})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/recruit/offer/"+token+"?done="+o.State, http.StatusSeeOther)
	return nil
}
