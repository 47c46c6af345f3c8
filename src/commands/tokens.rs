//! `nt3 tokens list | create | rotate | revoke`: API tokens on the server.
//!
//! Which listed token is the one nt3 uses is what the server says of the token itself
//! ([`api::tokens::current`]) where it has that route; otherwise the one listed entry
//! whose last four characters are the active token's, and none when several share them
//! ([`which`]): `rotate` then stops and lists them, and takes `--id`. After revoking,
//! `rotate` checks that the old token is refused.
//! A token minted here and meant to be saved (`create --login`, `rotate`) is saved by
//! the one save rule, and revoked again when it cannot be saved.

use anyhow::Result;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::api::{self, tokens::ApiToken, tokens::NewToken, tokens::TokenOwner};
use crate::auth::resolve::{Active, SourceKind, UrlSource};
use crate::auth::store::{SaveOptions, Target};
use crate::cli::{
    TokenOwnerArgs, TokensCommand, TokensCreateArgs, TokensRevokeArgs, TokensRotateArgs,
};
use crate::context::Context;
use crate::env_vars::{NT3_API_TOKEN, NT3_ORG_ID};
use crate::error::{CommandResult, Error, Kind, Outcome};
use crate::http::Client;
use crate::types::names::Id;
use crate::types::secret::Token;
use crate::types::text::Untrusted;
use crate::ui::prompt::Prompt;
use crate::ui::{Message, Ui, msg, outside, table};

use super::day;

pub fn run(
    ctx: &Context,
    command: &TokensCommand,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> CommandResult {
    let document = match command {
        TokensCommand::List(args) => list(ctx, &args.owner, ui),
        TokensCommand::Create(args) => create(ctx, args, ui, prompt),
        TokensCommand::Rotate(args) => rotate(ctx, args, ui, prompt),
        TokensCommand::Revoke(args) => revoke(ctx, args, ui, prompt),
    }?;
    Ok(Outcome::done(document))
}

/// The organization or project the flags or `NT3_ORG_ID` name, if any.
fn named_owner(ctx: &Context, args: &TokenOwnerArgs) -> Result<Option<TokenOwner>, Error> {
    Ok(match (&args.project, &args.org, ctx.org_id()?) {
        (Some(project), _, _) => Some(TokenOwner::Project(Id::given("--project", project)?)),
        (None, Some(org), _) => Some(TokenOwner::Organization(Id::given("--org", org)?)),
        (None, None, Some(org)) => Some(TokenOwner::Organization(org.clone())),
        (None, None, None) => None,
    })
}

/// The owner named, else the token's organization when it reaches exactly one; with
/// several, the choices are listed and nothing is guessed.
fn owner(named: Option<TokenOwner>, client: &Client, ui: &mut Ui) -> Result<TokenOwner, Error> {
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
            ui.info(msg!(
                "Using organization {}, the only one this token reaches",
                only.label()
            ));
            Ok(TokenOwner::Organization(only.id().clone()))
        }
        several => {
            let labels: Vec<String> = several.iter().map(|o| o.raw_label()).collect();
            Err(Error::new(
                Kind::Usage,
                format!(
                    "the token reaches {} organizations: {}; say which",
                    several.len(),
                    labels.join(", ")
                ),
            )
            .with_hint(pick))
        }
    }
}

fn list(ctx: &Context, args: &TokenOwnerArgs, ui: &mut Ui) -> Result<Value> {
    let named = named_owner(ctx, args)?;
    let (client, active) = super::connect(ctx, ui)?;
    let owner = &owner(named, &client, ui)?;
    let now = Timestamp::now();
    let tokens = api::tokens::list_tokens(&client, owner)?;
    // Which one is ours: the server's word, or the one entry that ends like it.
    let current = match which(&client, || Ok(tokens.clone()), &active.token)? {
        Which::Known(token) => token.id().cloned(),
        Which::Several(_) | Which::Unknown => None,
    };
    let is_current = |token: &ApiToken| current.is_some() && token.id() == current.as_ref();

    let document = json!({
        "tokens": tokens
            .iter()
            .map(|token| {
                let mut shown = token.to_json();
                shown["expired"] = is_expired(token, now).into();
                shown["current"] = is_current(token).into();
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
            .map(Message::from)
            .to_vec(),
    ];
    for token in &tokens {
        let expires = match &token.expires_at {
            None => Message::from("never"),
            Some(at) if is_expired(token, now) => msg!("{} (expired)", day(at)),
            Some(at) => day(at),
        };
        rows.push(vec![
            Message::from(if is_current(token) { "*" } else { "" }),
            token.name.as_ref().map(Message::from).unwrap_or_default(),
            token.id().map(|id| msg!("{}", id)).unwrap_or_default(),
            token.created_at.as_ref().map(day).unwrap_or_default(),
            expires,
            token
                .last_used_at
                .as_ref()
                .map_or(Message::from("never"), day),
        ]);
    }
    if !with_last_used {
        rows.iter_mut().for_each(|row| drop(row.pop()));
    }
    for line in table(&rows) {
        ui.data(line)?;
    }
    if tokens.iter().any(is_current) {
        ui.info("* the token nt3 is using");
    }
    Ok(document)
}

fn create(
    ctx: &Context,
    args: &TokensCreateArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<Value> {
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
    let (client, active) = super::connect(ctx, ui)?;
    // Where a token to keep will be saved is settled before it exists.
    let keep = match args.login {
        true => {
            let target = Target::chosen(&ctx.auth, args.local)?;
            let from = (client.base(), working_tree_origin(ctx, &active));
            let fix = match &active.url_source {
                UrlSource::File(_) if active.kind == SourceKind::Local => {
                    "pass `--local` to keep it beside the API URL it came from"
                }
                _ => "pass `--connection <NAME>` to keep it in the connection it came from",
            };
            let destination =
                super::login::destination_for_minted(ctx, ui, prompt, &target, from, fix)?;
            Some((SaveOptions::to(target), destination))
        }
        false => None,
    };
    let owner = owner(named, &client, ui)?;
    let created = api::tokens::create_token(&client, &owner, &new)?;
    let token = created.token()?;
    let about = &created.about;
    let name = about
        .name
        .clone()
        .unwrap_or_else(|| Untrusted::from(args.name.as_str()));
    let id = about
        .id()
        .map_or(Message::from("none"), |id| msg!("{}", id));

    let expires = about
        .expires_at
        .as_ref()
        .map_or(Message::from("never"), Message::from);
    ui.success(msg!(
        "Created token \"{}\" (id {}), expires {}",
        name,
        id,
        expires
    ));
    if let Some(scopes) = &about.scopes {
        let scopes: Vec<Message> = scopes.iter().map(Message::from).collect();
        ui.info(msg!("  scopes: {}", Message::join(&scopes, ", ")));
    }
    if let Some((options, destination)) = &keep {
        let saved = super::login::keep(ctx, ui, options, &token, destination, None);
        if let Err(err) = saved {
            return Err(withdraw(
                &client,
                &owner,
                about.id(),
                format!("cannot save the new token: {err:#}"),
            ));
        }
    }
    let document = json!({
        "token": token.expose(),
        "id": about.id(),
        "name": name,
        "expiresAt": about.expires_at,
        "scopes": about.scopes,
    });
    if !ui.json {
        // The token alone on stdout, for `$(nt3 tokens create …)`; the rest on stderr.
        ui.data_exact(token.expose())?;
    }
    if keep.is_none() {
        ui.warning("this is the only time the token is shown; store it somewhere safe now");
    }
    Ok(document)
}

/// Where the active token's URL came from, when the working tree chose it: its
/// `.nt3.local.json`, or a connection its `.nt3.yml` named.
fn working_tree_origin(ctx: &Context, active: &Active) -> Option<Untrusted> {
    match (&active.url_source, active.kind) {
        (UrlSource::File(_), SourceKind::Local) => Some(Untrusted::from(format!(
            "`{}`",
            crate::auth::file::LOCAL_FILE_NAME
        ))),
        (UrlSource::File(_), SourceKind::Global) => ctx
            .auth
            .project_connection()
            .map(|name| Untrusted::from(format!("connection `{name}`, chosen by `.nt3.yml`,"))),
        _ => None,
    }
}

fn revoke(
    ctx: &Context,
    args: &TokensRevokeArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<Value> {
    let named = named_owner(ctx, &args.owner)?;
    let id = Id::given("ID", &args.id)?;
    if !args.yes {
        ctx.terminal.may_ask(
            "refusing to revoke a token without confirmation",
            format!("there is no terminal to ask on; pass `--yes` to revoke `{id}`"),
        )?;
        let question = msg!(
            "Revoke token {}? Anything using it stops working, and this cannot be undone.",
            id
        );
        if !prompt.confirm(&question)? {
            return Err(crate::error::cancelled("nothing was revoked").into());
        }
    }
    let client = super::client(ctx, ui)?;
    let owner = owner(named, &client, ui)?;
    api::tokens::revoke_token(&client, &owner, &id)?;
    ui.success(msg!(
        "Revoked token {}. It no longer works, and revoking cannot be undone",
        id
    ));
    Ok(json!({ "revoked": id }))
}

/// Revokes a token minted here that will not be kept, and says so in the error.
fn withdraw(client: &Client, owner: &TokenOwner, id: Option<&Id>, why: String) -> anyhow::Error {
    let what = match id.map(|id| (id, api::tokens::revoke_token(client, owner, id))) {
        Some((id, Ok(()))) => format!("the new token (id {id}) was revoked again"),
        Some((id, Err(_))) => {
            format!("revoke the new token (id {id}) with `nt3 tokens revoke {id}`")
        }
        None => "the server gave the new token no id; revoke it in your Entri dashboard".into(),
    };
    Error::new(Kind::Failure, format!("{why}; {what}")).into()
}

/// Which listed token is the active one.
enum Which {
    Known(ApiToken),
    /// Several listed tokens end like it, and the server does not say which.
    Several(Vec<ApiToken>),
    Unknown,
}

/// Which of `tokens` is `active`: the server's word ([`api::tokens::current`]) where it
/// has the route, else the one entry whose last four characters are the active token's.
/// The listing is asked for only when the server cannot say.
fn which(
    client: &Client,
    tokens: impl FnOnce() -> Result<Vec<ApiToken>, Error>,
    active: &Token,
) -> Result<Which, Error> {
    if let Some(current) = api::tokens::current(client)?.filter(|current| current.id().is_some()) {
        return Ok(Which::Known(current));
    }
    let mut alike: Vec<ApiToken> = tokens()?
        .into_iter()
        .filter(|token| token.id().is_some() && token.ends_like(active))
        .collect();
    Ok(match alike.len() {
        0 => Which::Unknown,
        1 => Which::Known(alike.remove(0)),
        _ => Which::Several(alike),
    })
}

/// The token `rotate` replaces: the one [`which`] finds, or the one `--id` names among
/// those that end like the active token (or that the server names).
fn to_replace(
    client: &Client,
    owner: &TokenOwner,
    active: &Token,
    id: Option<&str>,
) -> Result<ApiToken, Error> {
    let unchanged = "nothing was changed";
    let given = id.map(|id| Id::given("--id", id)).transpose()?;
    let tokens = || api::tokens::list_tokens(client, owner);
    match (which(client, tokens, active)?, given) {
        (Which::Known(token), None) => Ok(token),
        (Which::Known(token), Some(id)) if token.id() == Some(&id) => Ok(token),
        (Which::Known(token), Some(id)) => Err(Error::new(
            Kind::Usage,
            format!(
                "`--id {id}` is not the active token: {}; {unchanged}",
                match token.id() {
                    Some(known) => format!("that is {known}"),
                    None => "the server says which it is".into(),
                }
            ),
        )),
        (Which::Several(alike), Some(id)) => alike
            .into_iter()
            .find(|token| token.id() == Some(&id))
            .ok_or_else(|| {
                Error::new(
                    Kind::Usage,
                    format!("`--id {id}` is not one of the tokens that end like the active one; {unchanged}"),
                )
            }),
        (Which::Several(alike), None) => {
            let listed: Vec<String> = alike
                .iter()
                .map(|token| {
                    let name = token.name.as_ref().map_or("", Untrusted::raw);
                    format!("{} ({name})", token.id().map_or("", Id::as_str))
                })
                .collect();
            Err(Error::new(
                Kind::Usage,
                format!(
                    "{} tokens end like the active one and the server does not say which it is: {}; {unchanged}",
                    alike.len(),
                    listed.join(", ")
                ),
            )
            .with_hint("say which with `nt3 tokens rotate --id <ID>` (the dashboard shows where each is used)"))
        }
        (Which::Unknown, _) => Err(Error::new(
            Kind::Failure,
            format!("no listed token ends like the active one, so nt3 cannot tell which to replace; {unchanged}"),
        )
        .with_hint("create a new token with `nt3 tokens create --login`, then revoke the old one in your Entri dashboard")),
    }
}

/// Replaces the active token: create, check, save, revoke the old one, then check that
/// it is refused.
fn rotate(
    ctx: &Context,
    args: &TokensRotateArgs,
    ui: &mut Ui,
    prompt: &mut dyn Prompt,
) -> Result<Value> {
    let named = named_owner(ctx, &args.owner)?;
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
    let old = to_replace(&client, &owner, &active.token, args.id.as_deref())?;
    let old_id = old.id().cloned().expect("found by id");
    // The new token goes where the old one was, named connection included.
    let target = Target::of_active(&ctx.auth, active.kind == SourceKind::Local);
    let destination = super::login::destination_for_minted(
        ctx,
        ui,
        prompt,
        &target,
        (client.base(), working_tree_origin(ctx, &active)),
        "log in to that server yourself with `nt3 login -u <URL>`",
    )?;
    let kept = format!("the old token (id {old_id}) stays saved and valid");

    // The replacement: same name with today's date, same scopes, same lifetime.
    let now = Timestamp::now();
    let name = format!(
        "{}-{}",
        old.name.as_ref().map_or("nt3", Untrusted::raw),
        now.strftime("%Y-%m-%d")
    );
    let parse = |at: &Option<Untrusted>| {
        at.as_ref()
            .and_then(|at| at.raw().parse::<Timestamp>().ok())
    };
    let lifetime = parse(&old.created_at).zip(parse(&old.expires_at));
    let replacement = NewToken {
        name: name.clone(),
        expires_at: lifetime
            .and_then(|(created, expires)| now.checked_add(expires.duration_since(created)).ok()),
        scopes: old
            .scopes
            .iter()
            .flatten()
            .map(|scope| scope.raw().to_owned())
            .collect(),
    };
    let created = api::tokens::create_token(&client, &owner, &replacement).map_err(|err| {
        anyhow::Error::new(err).context(format!("cannot create the replacement; {kept}"))
    })?;
    let new_id = created.about.id().cloned();
    let withdraw_new =
        |why: String| withdraw(&client, &owner, new_id.as_ref(), format!("{why}; {kept}"));
    let new: Token = created
        .token()
        .map_err(|err| withdraw_new(err.to_string()))?;

    match api::tokens::check_token(
        client.base().clone(),
        new.clone(),
        "the new token".into(),
        ctx.http.options(ui)?,
    )? {
        api::tokens::Check::Valid => {}
        api::tokens::Check::Rejected(err)
        | api::tokens::Check::Forbidden(err)
        | api::tokens::Check::Unreachable(err) => {
            return Err(withdraw_new(format!(
                "the server did not accept the new token: {err}"
            )));
        }
    }
    let options = SaveOptions::to(target);
    if let Err(err) = super::login::keep(ctx, ui, &options, &new, &destination, None) {
        return Err(withdraw_new(format!("cannot save the new token: {err:#}")));
    }
    if let Err(err) = api::tokens::revoke_token(&client, &owner, &old_id) {
        return Err(Error::new(
            Kind::Failure,
            format!(
                "the new token is saved and in use, but the old one (id {old_id}) could not be revoked: {err}"
            ),
        )
        .with_hint(format!("revoke it with `nt3 tokens revoke {old_id}`"))
        .into());
    }
    let new_id_shown = new_id
        .as_ref()
        .map_or(Message::from("none"), |id| msg!("{}", id));
    // The server's word that the token revoked was the one in use: the old token is
    // refused now.
    let refused = api::tokens::check_token(
        client.base().clone(),
        active.token.clone(),
        "the old token".into(),
        ctx.http.options(ui)?,
    )?;
    let confirmed = match refused {
        api::tokens::Check::Rejected(_) => true,
        api::tokens::Check::Valid => {
            return Err(Error::new(
                Kind::Failure,
                format!(
                    "the token revoked (id {old_id}) was not the one nt3 was using: that one still works at {}. The new token (id {}) is saved and in use",
                    client.base(),
                    new_id.as_ref().map_or("none", Id::as_str)
                ),
            )
            .with_hint(format!(
                "check token {old_id} in your Entri dashboard, and revoke the old token there"
            ))
            .into());
        }
        api::tokens::Check::Forbidden(err) | api::tokens::Check::Unreachable(err) => {
            ui.warning(msg!(
                "cannot confirm that the old token is refused now: {}",
                outside(&err.to_string())
            ));
            false
        }
    };
    ui.success(msg!(
        "Rotated the token: \"{}\" (id {}) replaces id {}, which is revoked{}",
        Untrusted::from(name.as_str()),
        new_id_shown,
        old_id,
        if confirmed {
            " (the server refuses it now)"
        } else {
            ""
        }
    ));
    Ok(json!({ "id": new_id, "name": name, "revoked": old_id }))
}

fn is_expired(token: &ApiToken, now: Timestamp) -> bool {
    token
        .expires_at
        .as_ref()
        .and_then(|at| at.raw().parse::<Timestamp>().ok())
        .is_some_and(|at| at <= now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::prompt::NoAnswer;

    struct Answer(bool, Vec<String>);

    impl Prompt for Answer {
        fn secret(&mut self, _: &Message) -> Result<crate::types::secret::Secret, NoAnswer> {
            unreachable!("revoking asks no secret")
        }

        fn confirm(&mut self, question: &Message) -> std::io::Result<bool> {
            self.1.push(question.to_string());
            Ok(self.0)
        }

        fn line(&mut self, _: &Message, _: Option<&Message>) -> std::io::Result<String> {
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
        let ctx = Context::default()
            .on_terminal()
            .logged_in("entri_revoketest0000", &format!("http://127.0.0.1:{port}"));
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
}
