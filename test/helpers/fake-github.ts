/**
 * A fake GitHub REST API on 127.0.0.1 for the action's tests: issue comments
 * (listed page by page with Link headers, as GitHub does), comment create and
 * edit, the pull requests of a commit, and issues (list by label and state,
 * create, edit, close) with labels, and GraphQL's `viewer` (who the token
 * is), and a Git database (refs, trees of whole files, commits, file
 * contents) with pull requests (list by head, create, edit, merge) for the
 * reviews pull request. Comments, issues and pull requests the action creates are authored by the token's
 * account (github-actions[bot] unless told otherwise). It records every
 * request with its body, and can refuse comment writes with 403 as a fork
 * pull request's read-only token gets.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The body as sent. */
  text: string;
  body: unknown;
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakePull {
  number: number;
  state: "open" | "closed";
  merged_at: string | null;
  merge_commit_sha: string | null;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  user: { login: string; type: string };
  state: "open" | "closed";
  state_reason: string | null;
  labels: { name: string }[];
  updated_at: string;
  html_url: string;
}

export interface FakePullRequest {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  title: string;
  body: string;
  head: { ref: string };
  base: { ref: string };
  user: { login: string; type: string };
  html_url: string;
}

interface FakeCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export const BOT = "github-actions[bot]";

const FORBIDDEN = { message: "Resource not accessible by integration", status: "403" };

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[] = [];
  readonly pullsByCommit = new Map<string, FakePull[]>();
  readonly issues: FakeIssue[] = [];
  readonly labels = new Set<string>();
  #nextIssue = 100;
  /** 403 on comment create and edit (a fork pull request's token). */
  refuseCommentWrites = false;
  /** 403 on every request. */
  refuseEverything = false;
  /** Who the token is: the author of what the action posts, and GraphQL's `viewer`. */
  viewer = { login: BOT, type: "Bot" };
  /** GraphQL answers with an error (an old GitHub Enterprise, a token without GraphQL). */
  refuseGraphql = false;
  #nextId = 1000;
  /** Branch name to commit sha. */
  readonly refs = new Map<string, string>();
  readonly commits = new Map<string, FakeCommit>();
  /** Tree sha to its whole files (path to text). */
  readonly trees = new Map<string, Map<string, string>>();
  readonly pulls: FakePullRequest[] = [];
  #nextSha = 1;
  #server: Server;
  url = "";

  private constructor() {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const url = new URL(request.url ?? "/", this.url);
        let body: unknown = undefined;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const recorded: RecordedRequest = {
          method: request.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: request.headers,
          text,
          body,
        };
        this.requests.push(recorded);
        const [status, payload, headers] = this.#answer(recorded);
        response.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
        response.end(payload === undefined ? "" : JSON.stringify(payload));
      });
    });
  }

  static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub();
    await new Promise<void>((resolve) => fake.#server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  addComment(issue: number, body: string, login = "someone"): FakeComment {
    const now = new Date(Date.UTC(2026, 10, 24, 12, 0, 0) + this.#nextId * 1000).toISOString();
    const comment: FakeComment = {
      id: this.#nextId++,
      issue,
      body,
      user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
      created_at: now,
      updated_at: now,
      html_url: `${this.url}/owner/repo/pull/${issue}#issuecomment-${this.#nextId - 1}`,
    };
    this.comments.push(comment);
    return comment;
  }

  /** An issue someone opened by hand. */
  addIssue(fields: Pick<FakeIssue, "title" | "body"> & Partial<FakeIssue>, login = "someone"): FakeIssue {
    const issue: FakeIssue = {
      number: this.#nextIssue++,
      state: "open",
      state_reason: null,
      labels: [],
      updated_at: "",
      html_url: `${this.url}/acme/fitness/issues/${this.#nextIssue - 1}`,
      user: { login, type: login.endsWith("[bot]") ? "Bot" : "User" },
      ...fields,
    };
    this.#touch(issue);
    this.issues.push(issue);
    return issue;
  }

  /** A branch whose head commit holds these files (the default branch the action's run checked out). */
  setBranch(branch: string, files: Record<string, string> = {}): string {
    const tree = this.#newSha();
    this.trees.set(tree, new Map(Object.entries(files)));
    const parent = this.refs.get(branch);
    const commit = { sha: this.#newSha(), tree, parents: parent ? [parent] : [], message: "set by the test" };
    this.commits.set(commit.sha, commit);
    this.refs.set(branch, commit.sha);
    return commit.sha;
  }

  /** The files on a branch's head (empty when there is no such branch). */
  branchFiles(branch: string): Map<string, string> {
    const sha = this.refs.get(branch);
    return new Map(sha ? this.trees.get(this.commits.get(sha)!.tree) : []);
  }

  /** Merges a pull request: its branch's files become the base branch's; answers the merge commit's sha. */
  mergePull(number: number): string {
    const pull = this.pulls.find((item) => item.number === number)!;
    const files = Object.fromEntries(this.branchFiles(pull.head.ref));
    const sha = this.setBranch(pull.base.ref, files);
    Object.assign(pull, { state: "closed", merged: true });
    return sha;
  }

  #newSha(): string {
    return (this.#nextSha++).toString(16).padStart(40, "0");
  }

  #git(request: RecordedRequest, owner: string, repo: string, rest: string): [number, unknown, Record<string, string>?] | undefined {
    let match: RegExpMatchArray | null;
    if ((match = rest.match(/^git\/ref\/heads\/(.+)$/)) && request.method === "GET") {
      const sha = this.refs.get(decodeURIComponent(match[1]!));
      return sha ? [200, { ref: `refs/heads/${match[1]}`, object: { sha, type: "commit" } }] : [404, { message: "Not Found" }];
    }
    if (rest === "git/refs" && request.method === "POST") {
      const body = request.body as { ref: string; sha: string };
      const branch = body.ref.replace(/^refs\/heads\//, "");
      if (this.refs.has(branch)) return [422, { message: "Reference already exists" }];
      this.refs.set(branch, body.sha);
      return [201, { ref: body.ref, object: { sha: body.sha, type: "commit" } }];
    }
    if ((match = rest.match(/^git\/refs\/heads\/(.+)$/)) && request.method === "PATCH") {
      const branch = decodeURIComponent(match[1]!);
      const body = request.body as { sha: string; force?: boolean };
      const current = this.refs.get(branch);
      if (!current) return [422, { message: "Reference does not exist" }];
      if (!body.force && !this.commits.get(body.sha)?.parents.includes(current)) return [422, { message: "Update is not a fast forward" }];
      this.refs.set(branch, body.sha);
      return [200, { ref: `refs/heads/${branch}`, object: { sha: body.sha, type: "commit" } }];
    }
    if ((match = rest.match(/^git\/commits\/([0-9a-f]+)$/)) && request.method === "GET") {
      const commit = this.commits.get(match[1]!);
      return commit ? [200, { sha: commit.sha, tree: { sha: commit.tree }, parents: commit.parents.map((sha) => ({ sha })) }] : [404, { message: "Not Found" }];
    }
    if (rest === "git/trees" && request.method === "POST") {
      const body = request.body as { base_tree?: string; tree: { path: string; content?: string; sha?: string | null }[] };
      const files = new Map(body.base_tree ? this.trees.get(body.base_tree) : []);
      for (const entry of body.tree) {
        if (entry.sha === null) files.delete(entry.path);
        else files.set(entry.path, String(entry.content ?? ""));
      }
      const sha = this.#newSha();
      this.trees.set(sha, files);
      return [201, { sha }];
    }
    if (rest === "git/commits" && request.method === "POST") {
      const body = request.body as { message: string; tree: string; parents: string[] };
      const commit = { sha: this.#newSha(), tree: body.tree, parents: body.parents, message: body.message };
      this.commits.set(commit.sha, commit);
      return [201, { sha: commit.sha, tree: { sha: commit.tree } }];
    }
    if ((match = rest.match(/^contents\/(.+)$/)) && request.method === "GET") {
      const file = this.branchFiles(request.query.get("ref") ?? "main").get(decodeURIComponent(match[1]!));
      if (file === undefined) return [404, { message: "Not Found" }];
      return [200, { type: "file", encoding: "base64", size: Buffer.byteLength(file), content: Buffer.from(file).toString("base64") }];
    }
    if (rest === "pulls" && request.method === "GET") {
      const state = request.query.get("state") ?? "open";
      const head = request.query.get("head");
      return [200, this.pulls.filter((pull) => (state === "all" || pull.state === state) && (!head || `${owner}:${pull.head.ref}` === head))];
    }
    if (rest === "pulls" && request.method === "POST") {
      const body = request.body as { head: string; base: string; title: string; body?: string };
      if (this.pulls.some((pull) => pull.state === "open" && pull.head.ref === body.head && pull.base.ref === body.base))
        return [422, { message: "Validation Failed", errors: [{ message: "A pull request already exists" }] }];
      const number = this.#nextIssue++;
      const pull: FakePullRequest = {
        number,
        state: "open",
        merged: false,
        title: body.title,
        body: body.body ?? "",
        head: { ref: body.head },
        base: { ref: body.base },
        user: { ...this.viewer },
        html_url: `${this.url}/${owner}/${repo}/pull/${number}`,
      };
      this.pulls.push(pull);
      return [201, pull];
    }
    if ((match = rest.match(/^pulls\/(\d+)$/)) && request.method === "PATCH") {
      const pull = this.pulls.find((item) => item.number === Number(match![1]));
      if (!pull) return [404, { message: "Not Found" }];
      const body = request.body as { title?: string; body?: string };
      if (body.title !== undefined) pull.title = body.title;
      if (body.body !== undefined) pull.body = body.body;
      return [200, pull];
    }
    return undefined;
  }

  commentsOn(issue: number): FakeComment[] {
    return this.comments.filter((comment) => comment.issue === issue);
  }

  /** Associates a merged pull request with the commit it was merged as. */
  mergedPull(sha: string, number: number): void {
    this.pullsByCommit.set(sha, [{ number, state: "closed", merged_at: "2026-11-24T12:00:00Z", merge_commit_sha: sha }]);
  }

  /** Every request body and header, as one text: what the action sent to GitHub. */
  sentText(): string {
    return this.requests.map((request) => `${request.method} ${request.path}?${request.query}\n${JSON.stringify(request.headers)}\n${request.text}`).join("\n");
  }

  /** Issues with a label, newest update first. */
  issuesLabelled(label: string): FakeIssue[] {
    return this.issues.filter((issue) => issue.labels.some((item) => item.name === label));
  }

  #touch(issue: FakeIssue): void {
    issue.updated_at = new Date(Date.UTC(2026, 10, 24, 12, 0, 0) + this.requests.length * 1000).toISOString();
  }

  #issues(request: RecordedRequest, owner: string, repo: string): [number, unknown, Record<string, string>?] {
    if (request.method === "POST") {
      const body = request.body as { title?: string; body?: string; labels?: string[] };
      const issue: FakeIssue = {
        number: this.#nextIssue++,
        title: String(body.title ?? ""),
        body: String(body.body ?? ""),
        state: "open",
        state_reason: null,
        labels: (body.labels ?? []).map((name) => ({ name })),
        user: { ...this.viewer },
        updated_at: "",
        html_url: `${this.url}/${owner}/${repo}/issues/${this.#nextIssue - 1}`,
      };
      this.#touch(issue);
      this.issues.push(issue);
      return [201, issue];
    }
    const state = request.query.get("state") ?? "open";
    const labels = (request.query.get("labels") ?? "").split(",").filter(Boolean);
    const matching = this.issues
      .filter((issue) => (state === "all" || issue.state === state) && labels.every((label) => issue.labels.some((item) => item.name === label)))
      .sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    const perPage = Math.min(100, Math.max(1, Number(request.query.get("per_page") ?? 30)));
    const page = Math.max(1, Number(request.query.get("page") ?? 1));
    const last = Math.max(1, Math.ceil(matching.length / perPage));
    const next: Record<string, string> =
      page < last
        ? { link: `<${this.url}/repos/${owner}/${repo}/issues?state=${state}&labels=${labels.join(",")}&per_page=${perPage}&page=${page + 1}>; rel="next"` }
        : {};
    return [200, matching.slice((page - 1) * perPage, page * perPage), next];
  }

  #answer(request: RecordedRequest): [number, unknown, Record<string, string>?] {
    if (this.refuseEverything) return [403, FORBIDDEN];
    if (request.path === "/graphql" && request.method === "POST") {
      if (this.refuseGraphql) return [502, { message: "Server Error" }];
      const query = String((request.body as { query?: unknown })?.query ?? "");
      return /\bviewer\b/.test(query) ? [200, { data: { viewer: { login: this.viewer.login } } }] : [200, { errors: [{ message: "unknown query" }] }];
    }
    let match: RegExpMatchArray | null;
    if ((match = request.path.match(/^\/repos\/([^/]+)\/([^/]+)\/((?:git|contents|pulls)(?:\/.*)?)$/))) {
      // Octokit may encode a ref's or a path's slashes.
      const answer = this.#git(request, match[1]!, match[2]!, decodeURIComponent(match[3]!));
      if (answer) return answer;
    }
    if ((match = request.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues$/)) && (request.method === "GET" || request.method === "POST"))
      return this.#issues(request, match[1]!, match[2]!);
    if ((match = request.path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/)) && request.method === "PATCH") {
      const issue = this.issues.find((item) => item.number === Number(match![1]));
      if (!issue) return [404, { message: "Not Found" }];
      const body = request.body as Partial<Pick<FakeIssue, "title" | "body" | "state" | "state_reason">>;
      Object.assign(issue, Object.fromEntries(Object.entries(body).filter(([key]) => ["title", "body", "state", "state_reason"].includes(key))));
      this.#touch(issue);
      return [200, issue];
    }
    if ((match = request.path.match(/^\/repos\/[^/]+\/[^/]+\/labels$/)) && request.method === "POST") {
      const name = String((request.body as { name?: string }).name ?? "");
      if (this.labels.has(name)) return [422, { message: "Validation Failed", errors: [{ resource: "Label", code: "already_exists", field: "name" }] }];
      this.labels.add(name);
      return [201, { name }];
    }
    if ((match = request.path.match(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/))) {
      const issue = Number(match[3]);
      if (request.method === "GET") return this.#listComments(request, match[1]!, match[2]!, issue);
      if (request.method === "POST") {
        if (this.refuseCommentWrites) return [403, FORBIDDEN];
        const comment = this.addComment(issue, String((request.body as { body?: unknown })?.body ?? ""), this.viewer.login);
        return [201, comment];
      }
    }
    if ((match = request.path.match(/^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/)) && request.method === "PATCH") {
      if (this.refuseCommentWrites) return [403, FORBIDDEN];
      const comment = this.comments.find((item) => item.id === Number(match![1]));
      if (!comment) return [404, { message: "Not Found" }];
      comment.body = String((request.body as { body?: unknown })?.body ?? "");
      comment.updated_at = new Date(Date.parse(comment.updated_at) + 1000).toISOString();
      return [200, comment];
    }
    if ((match = request.path.match(/^\/repos\/[^/]+\/[^/]+\/commits\/([0-9a-f]+)\/pulls$/)) && request.method === "GET") {
      return [200, this.pullsByCommit.get(match[1]!) ?? []];
    }
    return [404, { message: "Not Found" }];
  }

  #listComments(request: RecordedRequest, owner: string, repo: string, issue: number): [number, unknown, Record<string, string>] {
    const perPage = Math.min(100, Math.max(1, Number(request.query.get("per_page") ?? 30)));
    const page = Math.max(1, Number(request.query.get("page") ?? 1));
    const all = this.commentsOn(issue);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (target: number, rel: string) =>
      `<${this.url}/repos/${owner}/${repo}/issues/${issue}/comments?per_page=${perPage}&page=${target}>; rel="${rel}"`;
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, "prev"), link(1, "first"));
    if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
    return [200, all.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(", ") } : {}];
  }
}
