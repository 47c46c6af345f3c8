//! `nt3 tokens list | create | revoke`: API tokens on the server.

use anyhow::Result;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::api::{self, tokens::ApiToken, tokens::NewToken, tokens::TokenOwner};
use crate::auth::resolve::SourceKind;
use crate::auth::store::{SaveOptions, Target};
use crate::cli::{TokenOwnerArgs, TokensCommand, TokensCreateArgs, TokensRevokeArgs};
use crate::context::Context;
use crate::env_vars::{NT3_API_TOKEN, NT3_ORG_ID};
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::http::api_url::ApiUrl;
use crate::types::names::Id;
use crate::types::secret::Token;
use crate::ui::prompt::Prompt;
use crate::ui::{Ui, escape, table};

pub fn run(
    ctx: &Context,
    command: &TokensCommand,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> CommandResult {
    let document = match command {
        TokensCommand::List(args) => list(ctx, &args.owner, ui),
        TokensCommand::Create(args) => create(ctx, args, ui),
        TokensCommand::Rotate(args) => rotate(ctx, &args.owner, ui),
        TokensCommand::Revoke(args) => revoke(ctx, args, ui, prompt),
    }?;
    Ok(Outcome::done(document))
}

/// The organization or project the flags or `NT3_ORG_ID` name, if any.
fn named_owner(ctx: &Context, args: &TokenOwnerArgs) -> Result<Option<TokenOwner>, Error> {
    Ok(match (&args.project, &args.org, ctx.org_id()?) {
        (Some(project), _, _) => Some(TokenOwner::Project(checked_id("--project", project)?)),
        (None, Some(org), _) => Some(TokenOwner::Organization(checked_id("--org", org)?)),
        (None, None, Some(org)) => Some(TokenOwner::Organization(org.to_owned())),
        (None, None, None) => None,
    })
}

/// The owner named, else the token's organization when it reaches exactly one; with
/// several, the choices are listed and nothing is guessed.
fn owner(
    named: Option<TokenOwner>,
    client: &crate::http::Client,
    ui: &mut Ui,
) -> Result<TokenOwner, Error> {
    if let Some(owner) = named {
        return Ok(owner);
    }
    let (organizations, _) = api::account::organizations(client)?;
    let pick = format!(
        "pass `--org <ID>` or set `{NT3_ORG_ID}`; for a project's tokens, pass `--project <ID>`"
    );
    match organizations.as_slice() {
        [] => Err(Error::new(
            Kind::Usage,
            "no organization given, and the token reaches none",
        )
        .with_hint(pick)),
        [only] => {
            ui.info(format!(
                "Using organization {}, the only one this token reaches",
                escape(&only.label())
            ));
            Ok(TokenOwner::Organization(only.id().to_owned()))
        }
        several => {
            let labels: Vec<String> = several.iter().map(|o| o.label()).collect();
            Err(Error::new(
                Kind::Usage,
                format!(
                    "the token reaches {} organizations: {}; say which",
                    several.len(),
                    escape(&labels.join(", "))
                ),
            )
            .with_hint(pick))
        }
    }
}

/// Ids become path segments, so they may not carry `/`, `?`, `..` or the like.
fn checked_id(what: &str, id: &str) -> Result<String, Error> {
    Id::given(what, id).map(|id| id.to_string())
}

fn list(ctx: &Context, args: &TokenOwnerArgs, ui: &mut Ui) -> Result<Value> {
    let named = named_owner(ctx, args)?;
    let (client, active) = super::connect(ctx, ui)?;
    let current = active.token;
    let owner = &owner(named, &client, ui)?;
    let now = Timestamp::now();
    let tokens = api::tokens::list_tokens(&client, owner)?;

    let document = json!({
        "tokens": tokens
            .iter()
            .map(|token| {
                let mut shown = token.to_json();
                shown["expired"] = is_expired(token, now).into();
                shown["current"] = token.is(&current).into();
                shown
            })
            .collect::<Vec<Value>>(),
    });
    if ui.json {
        return Ok(document);
    }
    if tokens.is_empty() {
        ui.info("No tokens found");
        return Ok(document);
    }
    let with_last_used = tokens.iter().any(|token| token.last_used_at.is_some());
    let mut rows = vec![
        ["", "NAME", "ID", "CREATED", "EXPIRES", "LAST USED"]
            .map(String::from)
            .to_vec(),
    ];
    for token in &tokens {
        let expires = match token.expires_at.as_deref() {
            None => "never".to_string(),
            Some(at) if is_expired(token, now) => format!("{} (expired)", day(at)),
            Some(at) => day(at),
        };
        rows.push(vec![
            if token.is(&current) { "*" } else { "" }.to_string(),
            token.name.clone().unwrap_or_default(),
            token.id().to_owned(),
            token.created_at.as_deref().map(day).unwrap_or_default(),
            expires,
            token.last_used_at.as_deref().map_or("never".into(), day),
        ]);
    }
    if !with_last_used {
        rows.iter_mut().for_each(|row| drop(row.pop()));
    }
    for line in table(&rows) {
        ui.data(&line)?;
    }
    if tokens.iter().any(|token| token.is(&current)) {
        ui.info("* the token nt3 is using");
    }
    Ok(document)
}

fn create(ctx: &Context, args: &TokensCreateArgs, ui: &mut Ui) -> Result<Value> {
    let named = named_owner(ctx, &args.owner)?;
    let expires_at = super::expiry(
        args.expires_in.as_deref(),
        args.expires_at.as_deref(),
        Timestamp::now(),
    )?;
    let new = NewToken {
        name: args.name.clone(),
        expires_at,
        scopes: args.scopes.clone(),
    };
    let client = super::client(ctx, ui)?;
    let owner = owner(named, &client, ui)?;
    let created = api::tokens::create_token(&client, &owner, &new)?;
    let token = created.token()?;
    let about = &created.about;
    let name = about.name.as_deref().unwrap_or(&args.name);

    let document = json!({
        "token": token.expose(),
        "id": about.id(),
        "name": name,
        "expiresAt": about.expires_at,
        "scopes": about.scopes,
    });
    if !ui.json {
        // The token alone on stdout, for `$(nt3 tokens create …)`; the rest on stderr.
        ui.data(token.expose())?;
    }
    ui.success(format!(
        "Created token \"{}\" (id {}), expires {}",
        escape(name),
        escape(about.id()),
        escape(about.expires_at.as_deref().unwrap_or("never"))
    ));
    if let Some(scopes) = &about.scopes {
        ui.info(format!("  scopes: {}", escape(&scopes.join(", "))));
    }
    if args.login {
        let target = Target::chosen(&ctx.auth, args.local)?;
        save(ctx, ui, target, &token, client.base())?;
    } else {
        ui.warning("this is the only time the token is shown; store it somewhere safe now");
    }
    Ok(document)
}

fn revoke(
    ctx: &Context,
    args: &TokensRevokeArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<Value> {
    let named = named_owner(ctx, &args.owner)?;
    let id = checked_id("ID", &args.id)?;
    if !args.yes {
        if !ctx.terminal.can_prompt() {
            return Err(Error::new(
                Kind::Usage,
                "refusing to revoke a token without confirmation",
            )
            .with_hint(format!(
                "there is no terminal to ask on; pass `--yes` to revoke `{id}`"
            ))
            .into());
        }
        let question = format!(
            "Revoke token {id}? Anything using it stops working, and this cannot be undone."
        );
        if !prompt.confirm(&question)? {
            return Err(crate::error::cancelled("nothing was revoked").into());
        }
    }
    let client = super::client(ctx, ui)?;
    let owner = owner(named, &client, ui)?;
    api::tokens::revoke_token(&client, &owner, &id)?;
    ui.success(format!(
        "Revoked token {id}. It no longer works, and revoking cannot be undone"
    ));
    Ok(json!({ "revoked": id }))
}

/// Saves a token minted here as `nt3 login` would, with the URL it was minted at; the
/// command's own `--json` document says what it did.
fn save(ctx: &Context, ui: &mut Ui, target: Target, token: &Token, url: &ApiUrl) -> Result<()> {
    let options = SaveOptions::to(target);
    super::login::keep(ctx, ui, &options, token, (url, Some(url)), None).map(drop)
}

/// Replaces the active token: create, check, save, then revoke the old one.
fn rotate(ctx: &Context, args: &TokenOwnerArgs, ui: &mut Ui) -> Result<Value> {
    let named = named_owner(ctx, args)?;
    let (client, active) = super::connect(ctx, ui)?;
    if active.kind == SourceKind::Env {
        return Err(Error::new(
            Kind::Usage,
            format!("the active token comes from `{NT3_API_TOKEN}`, where nt3 cannot replace it"),
        )
        .with_hint("create a new one with `nt3 tokens create`, set it where the old one is set, then revoke the old one")
        .into());
    }
    let owner = owner(named, &client, ui)?;
    let old = api::tokens::list_tokens(&client, &owner)?
        .into_iter()
        .find(|listed| listed.is(&active.token))
        .ok_or_else(|| {
            Error::new(Kind::Failure, "the token list does not show which token is the active one")
                .with_hint("the server sends no `lastFour` or `preview`; create a new token with `nt3 tokens create --login`, then revoke the old one")
        })?;
    let kept = || {
        format!(
            "the old token (id {}) stays saved and valid",
            escape(old.id())
        )
    };

    // The replacement: same name with today's date, same scopes, same lifetime.
    let now = Timestamp::now();
    let name = format!(
        "{}-{}",
        old.name.as_deref().unwrap_or("nt3"),
        now.strftime("%Y-%m-%d")
    );
    let parse = |at: &Option<String>| at.as_deref().and_then(|at| at.parse::<Timestamp>().ok());
    let lifetime = parse(&old.created_at).zip(parse(&old.expires_at));
    let replacement = NewToken {
        name: name.clone(),
        expires_at: lifetime
            .and_then(|(created, expires)| now.checked_add(expires.duration_since(created)).ok()),
        scopes: old.scopes.clone().unwrap_or_default(),
    };
    let created = api::tokens::create_token(&client, &owner, &replacement).map_err(|err| {
        anyhow::Error::new(err).context(format!("cannot create the replacement; {}", kept()))
    })?;
    let new = created
        .token()
        .map_err(|err| Error::new(Kind::Failure, format!("{err}; {}", kept())))?;
    let new_id = created.about.id().to_owned();
    // Undoes the replacement when a later step fails, so no stray token is left.
    let withdraw = |why: String| -> anyhow::Error {
        let undone = api::tokens::revoke_token(&client, &owner, &new_id).is_ok();
        let what = if undone {
            "it was revoked again"
        } else {
            "revoke it with `nt3 tokens revoke`"
        };
        Error::new(
            Kind::Failure,
            format!(
                "{why}; {}; the new token (id {}): {what}",
                kept(),
                escape(&new_id)
            ),
        )
        .into()
    };

    match api::tokens::check_token(
        client.base().clone(),
        new.clone(),
        "the new token".into(),
        ctx.http.options()?,
    )? {
        api::tokens::Check::Valid => {}
        api::tokens::Check::Rejected(err)
        | api::tokens::Check::Forbidden(err)
        | api::tokens::Check::Unreachable(err) => {
            return Err(withdraw(format!(
                "the server did not accept the new token: {err}"
            )));
        }
    }
    // The new token goes where the old one was, named connection included.
    let target = Target::of_active(&ctx.auth, active.kind == SourceKind::Local);
    if let Err(err) = save(ctx, ui, target, &new, client.base()) {
        return Err(withdraw(format!("cannot save the new token: {err:#}")));
    }
    if let Err(err) = api::tokens::revoke_token(&client, &owner, old.id()) {
        return Err(Error::new(
            Kind::Failure,
            format!(
                "the new token is saved and in use, but the old one (id {}) could not be revoked: {err}",
                escape(old.id())
            ),
        )
        .with_hint(format!("revoke it with `nt3 tokens revoke {}`", escape(old.id())))
        .into());
    }
    ui.success(format!(
        "Rotated the token: \"{}\" (id {}) replaces id {}, which is revoked",
        escape(&name),
        escape(&new_id),
        escape(old.id())
    ));
    Ok(json!({ "id": new_id, "name": name, "revoked": old.id() }))
}

fn is_expired(token: &ApiToken, now: Timestamp) -> bool {
    token
        .expires_at
        .as_deref()
        .and_then(|at| at.parse::<Timestamp>().ok())
        .is_some_and(|at| at <= now)
}

/// The date of an RFC 3339 time, or the text as it came.
fn day(at: &str) -> String {
    match at.parse::<Timestamp>() {
        Ok(at) => at.strftime("%Y-%m-%d").to_string(),
        Err(_) => at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(value: Value) -> ApiToken {
        serde_json::from_value(value).unwrap()
    }

    struct Answer(bool, Vec<String>);

    impl Prompt for Answer {
        fn secret(
            &mut self,
            _: &str,
        ) -> Result<crate::types::secret::Secret, crate::ui::prompt::NoAnswer> {
            unreachable!("revoking asks no secret")
        }

        fn confirm(&mut self, question: &str) -> std::io::Result<bool> {
            self.1.push(question.to_string());
            Ok(self.0)
        }

        fn line(&mut self, _: &str, _: Option<&str>) -> std::io::Result<String> {
            unreachable!("revoking asks for no text")
        }
    }

    /// Revokes `tok_1` on a terminal, against a port nothing listens on.
    fn revoke_answering(yes: bool) -> (Vec<String>, String) {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let ctx = Context {
            auth: crate::auth::Settings {
                env_token: Some(Ok(crate::types::secret::Token::parse(
                    "entri_revoketest0000",
                )
                .unwrap())),
                env_api_url: Some(Ok(crate::http::api_url::ApiUrl::parse(&format!(
                    "http://127.0.0.1:{port}"
                ))
                .unwrap())),
                ..Default::default()
            },
            terminal: crate::context::Terminal {
                stdin: true,
                stdout: false,
                stderr: true,
            },
            ..Context::default()
        };
        let args = TokensRevokeArgs {
            owner: TokenOwnerArgs {
                org: Some("org_1".into()),
                project: None,
            },
            id: "tok_1".into(),
            yes: false,
        };
        let (mut ui, _, _) = Ui::captured(false);
        let mut answer = Answer(yes, Vec::new());
        let err = revoke(&ctx, &args, &mut ui, &mut answer).unwrap_err();
        (answer.1, err.to_string())
    }

    #[test]
    fn revoke_asks_first_and_stops_at_no() {
        let (asked, err) = revoke_answering(false);
        assert_eq!(
            asked,
            ["Revoke token tok_1? Anything using it stops working, and this cannot be undone."]
        );
        assert_eq!(err, "Cancelled; nothing was revoked");
    }

    #[test]
    fn revoke_goes_ahead_at_yes() {
        let (asked, err) = revoke_answering(true);
        assert_eq!(asked.len(), 1);
        assert!(
            err.starts_with("cannot connect to http://127.0.0.1:"),
            "the request was sent: {err}"
        );
    }

    #[test]
    fn the_token_in_use_is_recognised_by_its_last_four() {
        let current = Token::parse("entri_abcdefghijkl1234").unwrap();
        assert!(listed(json!({"lastFour": "1234"})).is(&current));
        assert!(listed(json!({"preview": "entri_…1234"})).is(&current));
        assert!(!listed(json!({"lastFour": "9999"})).is(&current));
        assert!(!listed(json!({"id": "t"})).is(&current));
    }
}
