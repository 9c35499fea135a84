import type { LoadedFiles } from "../../contracts/files.js";
import type { ChangeSource } from "../../contracts/plan.js";

/** One reply file as the repository wants it. */
export interface DesiredReply {
  reviewId: string;
  territory: string;
  rating: number;
  title: string;
  /** The reply to post; "" is nothing to do; null (no `reply:` key): delete the live response. */
  reply: string | null;
  source: ChangeSource;
}

/** The replies resource's slice of the DesiredState: undefined without reply files. */
export interface DesiredReplies {
  reviewReplies?: DesiredReply[];
}

export function repliesDesired(files: LoadedFiles): DesiredReplies {
  const replies = files.reviews?.replies ?? [];
  if (replies.length === 0) return {};
  return {
    reviewReplies: replies.map((file) => {
      const value = file.value as { review: { rating: number; title?: string }; reply?: string | null };
      const location = file.document.locations.get("/reply") ?? file.document.locations.get("/review");
      const position = location?.key ?? location?.value;
      const reply = !("reply" in value) ? null : typeof value.reply === "string" ? value.reply.trim() : "";
      return {
        reviewId: file.reviewId,
        territory: file.territory,
        rating: value.review.rating,
        title: value.review.title ?? "",
        reply,
        source: { file: file.file, ...(position ? { line: position.line, column: position.column } : {}) },
      };
    }),
  };
}
