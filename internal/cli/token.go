package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/mentorhub/mentorhub/internal/auth"
	"github.com/mentorhub/mentorhub/internal/config"
	"github.com/mentorhub/mentorhub/internal/server"
)

const tokenSynopsis = "token issue --email E [--expires 90d] [--name N] | token list --email E | token revoke ID"

func runToken(ctx context.Context, env Env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "issue":
			return runTokenIssue(ctx, env, args[1:])
		case "list":
			return runTokenList(ctx, env, args[1:])
		case "revoke":
			return runTokenRevoke(ctx, env, args[1:])
		case "-h", "--help":
			fmt.Fprintln(env.Stdout, "Usage: mentorhub "+tokenSynopsis)
			return exitOK
		}
	}
	fmt.Fprintln(env.Stderr, "Usage: mentorhub "+tokenSynopsis)
	return exitUsage
}

// parseLifetime reads "30d", "12h" or any Go duration.
func parseLifetime(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("--expires %q: give a number of days such as 30d, or hours such as 12h", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("--expires %q: give a number of days such as 30d, or hours such as 12h", s)
	}
	return d, nil
}

// withAuth opens the configured database and runs fn with the auth service
// and a context acting as the system.
func withAuth(ctx context.Context, env Env, flags *config.Flags, fn func(ctx context.Context, a *auth.Service) error) int {
	return withServices(ctx, env, flags, func(ctx context.Context, _ config.Config, svc *server.Services) error {
		return fn(ctx, svc.Auth)
	})
}

func runTokenIssue(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "token issue", "token issue --email E [--expires 90d] [--name N] [--data DIR | --database-url URL]")
	flags := config.Register(fs, "data", "database_url")
	email := fs.String("email", "", "e-mail `address` of the account (required)")
	expires := fs.String("expires", "90d", "`lifetime` of the token: days (30d) or hours (12h), at most 366d")
	name := fs.String("name", "", "a `label` shown in token lists, e.g. what uses the token")
	if done, code := parse(fs, env, args); done {
		return code
	}
	if *email == "" {
		fmt.Fprintln(env.Stderr, "mentorhub token issue: --email is required")
		return exitUsage
	}
	life, err := parseLifetime(*expires)
	if err != nil {
		fmt.Fprintln(env.Stderr, "mentorhub token issue: "+err.Error())
		return exitUsage
	}
	return withAuth(ctx, env, flags, func(ctx context.Context, a *auth.Service) error {
		tok, t, err := a.IssueTokenFor(ctx, auth.TokenRequest{Email: *email, Name: *name, Lifetime: life})
		if err != nil {
			return err
		}
		// The token alone on standard output, so scripts can capture it.
		fmt.Fprintln(env.Stdout, tok)
		fmt.Fprintf(env.Stderr, "token %d (%s…) for %s expires %s\n", t.ID, t.Prefix, *email, t.ExpiresAt.Format(time.RFC3339))
		return nil
	})
}

func runTokenList(ctx context.Context, env Env, args []string) int {
	fs := newFlags(env, "token list", "token list --email E [--data DIR | --database-url URL]")
	flags := config.Register(fs, "data", "database_url")
	email := fs.String("email", "", "e-mail `address` of the account (required)")
	if done, code := parse(fs, env, args); done {
		return code
	}
	if *email == "" {
		fmt.Fprintln(env.Stderr, "mentorhub token list: --email is required")
		return exitUsage
	}
	return withAuth(ctx, env, flags, func(ctx context.Context, a *auth.Service) error {
		_, list, err := a.TokensByEmail(ctx, *email)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tPREFIX\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATE")
		for _, t := range list {
			used := "never"
			if !t.LastUsed.IsZero() {
				used = t.LastUsed.Format(time.DateTime)
			}
			state := "active"
			switch {
			case t.Revoked():
				state = "revoked " + t.RevokedAt.Format(time.DateOnly)
			case t.Expired(now):
				state = "expired"
			}
			name := t.Name
			if name == "" {
				name = "-"
			}
			fmt.Fprintf(w, "%d\t%s…\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Prefix, name, t.CreatedAt.Format(time.DateTime),
				t.ExpiresAt.Format(time.DateTime), used, state)
		}
		return w.Flush()
	})
}

func runTokenRevoke(ctx context.Context, env Env, args []string) int {
	const syn = "token revoke ID [--data DIR | --database-url URL]"
	var idArg string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		idArg, args = args[0], args[1:]
	}
	fs := newFlags(env, "token revoke", syn)
	flags := config.Register(fs, "data", "database_url")
	if done, code := parse(fs, env, args); done {
		return code
	}
	id, err := strconv.ParseInt(idArg, 10, 64)
	if err != nil || id <= 0 {
		fmt.Fprintln(env.Stderr, "mentorhub token revoke: give the token's ID (see `mentorhub token list`)")
		return exitUsage
	}
	return withAuth(ctx, env, flags, func(ctx context.Context, a *auth.Service) error {
		t, err := a.RevokeToken(ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "revoked token %d (%s…)\n", t.ID, t.Prefix)
		return nil
	})
}
