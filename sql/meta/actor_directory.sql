-- Every actor the warehouse knows, with the display names an analyst may ask for it by.
SELECT actor_id, actor_type, name_en, name_ar
FROM dim_actor
ORDER BY actor_id;
