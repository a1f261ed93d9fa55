import { ApiProblem } from "@ioc/client";
import { createSignal, Show } from "solid-js";
import { lang, setLang, t } from "./i18n.js";
import { useSession } from "./session.js";

/** The sign-in screen: username and password, and why a sign-in failed. */
export function SignIn() {
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
        <Show when={error()}>
          {(message) => (
            <p class="sign-in-error" role="alert" data-testid="sign-in-error">
              {message()}
            </p>
          )}
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t("signingIn") : t("signIn")}
        </button>
        <button type="button" class="link" onClick={() => setLang(lang() === "vi" ? "en" : "vi")}>
          {t("language")}
        </button>
      </form>
    </main>
  );
}
