import { ApiProblem } from "@ioc/client";
import { createSignal, type JSX, Show } from "solid-js";
import { lang, type MessageKey, setLang, t } from "./i18n.js";
import { type SessionProblem, useSession } from "./session.js";

/** The sign-in screen: the local issuer's form, or the way to Cognito's hosted UI when deployed. */
export function SignIn() {
  const session = useSession();
  return session.mode === "cognito" ? <HostedSignIn /> : <PasswordSignIn />;
}

const PROBLEM_TEXT: Record<SessionProblem, MessageKey> = {
  "state-mismatch": "signInStateMismatch",
  "invalid-callback": "signInStateMismatch",
  "authorization-denied": "signInDenied",
  "token-rejected": "signInStateMismatch",
  network: "signInNetwork",
  "invalid-token": "signInFailed",
  "no-role": "signInNoRole",
  "session-expired": "sessionExpired",
};

/** One button to Cognito's sign-in page; the password is typed there, never here. */
function HostedSignIn() {
  const session = useSession();
  const [failure, setFailure] = createSignal<string>();
  const message = () => {
    const problem = session.problem();
    return problem ? t(PROBLEM_TEXT[problem]) : failure();
  };
  const start = () => {
    setFailure(undefined);
    session
      .startHostedSignIn()
      .catch((e: unknown) => setFailure(`${t("signInFailed")}: ${e instanceof Error ? e.message : String(e)}`));
  };
  return (
    <SignInCard>
      <p class="muted">{t("signInHostedHint")}</p>
      <ErrorLine message={message()} />
      <button type="button" class="primary" disabled={session.busy()} onClick={start} data-testid="hosted-sign-in">
        {session.busy() ? t("signingIn") : t("signIn")}
      </button>
    </SignInCard>
  );
}

function SignInCard(props: { children: JSX.Element }) {
  return (
    <main class="sign-in">
      <div class="sign-in-card" data-testid="sign-in">
        <h1>{t("title")}</h1>
        <h2>{t("signInTitle")}</h2>
        {props.children}
        <LanguageSwitch />
      </div>
    </main>
  );
}

function ErrorLine(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      {(message) => (
        <p class="sign-in-error" role="alert" data-testid="sign-in-error">
          {message()}
        </p>
      )}
    </Show>
  );
}

function LanguageSwitch() {
  return (
    <button type="button" class="link" onClick={() => setLang(lang() === "vi" ? "en" : "vi")}>
      {t("language")}
    </button>
  );
}

/** The local runtime's form: username and password, and why a sign-in failed. */
function PasswordSignIn() {
  const session = useSession();
  const [username, setUsername] = createSignal("");
  const [password, setPassword] = createSignal("");
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    // The page never reloads: the dashboard replaces this form in place.
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(username().trim(), password());
    } catch (e) {
      setError(
        e instanceof ApiProblem && (e.code === "invalid-credentials" || e.code === "invalid-request")
          ? t("invalidCredentials")
          : `${t("signInFailed")}: ${e instanceof Error ? e.message : String(e)}`,
      );
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <form class="sign-in-card" onSubmit={submit} data-testid="sign-in">
        <h1>{t("title")}</h1>
        <h2>{t("signInTitle")}</h2>
        <label>
          <span>{t("username")}</span>
          <input
            name="username"
            autocomplete="username"
            required
            value={username()}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t("password")}</span>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password()}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <ErrorLine message={error()} />
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t("signingIn") : t("signIn")}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
