import { render } from "preact";
import { App } from "./App.js";
import { restoreSession } from "./lib/session.js";
import "./styles.css";

const root = document.getElementById("app") as HTMLElement;
void restoreSession().finally(() => render(<App />, root));
